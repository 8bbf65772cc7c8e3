# Warnings for every firedrill target: link `firedrill_warnings` privately.
add_library(firedrill_warnings INTERFACE)
target_compile_options(firedrill_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

if(FIREDRILL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
