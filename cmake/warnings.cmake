# Warnings for every firedrill target: link `firedrill_warnings` privately.
add_library(firedrill_warnings INTERFACE)
target_compile_options(firedrill_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

# The simulation's hot loop, optimised a little even in the sanitizer build (-O1, as the
# AddressSanitizer documentation advises): a drill runs ~3x faster there, which is most of the
# ASan test pass's time, and the sanitizers still see every access.
function(firedrill_hot_path target)
  if(FIREDRILL_SANITIZE)
    target_compile_options(${target} PRIVATE -O1)
  endif()
endfunction()

if(FIREDRILL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
