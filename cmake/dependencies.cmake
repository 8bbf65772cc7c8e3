# Every third-party dependency comes from a Debian 12 package (see DEVELOPERS.md).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(date REQUIRED)            # libhowardhinnant-date-dev: date::date-tz
find_package(Boost 1.74 REQUIRED)      # Boost::headers (Asio)
pkg_check_modules(LUA REQUIRED IMPORTED_TARGET lua5.4)
# cpp-httplib's .so is built with these -D flags; its pkg-config Cflags must reach every user
# (platform-facts §4.1), so it is only ever used through this imported target.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# libarchive-dev: the workshop's export (.tar.gz) and the test that reads it back.
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
# The dashboard: Debian's libimgui.a has the GLFW and OpenGL3 backends built in and needs -lstb
# (platform-facts §6.1); it ships no CMake config, so pkg-config.
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
find_package(glfw3 3.3 REQUIRED)
find_package(OpenGL REQUIRED)

if(FIREDRILL_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
