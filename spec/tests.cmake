# Test registration.  Conventions (new tests need no edit here):
#   spec/c/test_*.c        C unit tests, one executable each, linked with the core
#   spec/**/*_spec.lua     busted specs, one ctest each, run under Lua 5.4
#   spec/bad/<case>/       bad-input corpus, run by spec/bad_inputs_spec.lua
find_program(LUA54 NAMES lua5.4 REQUIRED)
find_program(BUSTED NAMES busted REQUIRED)

file(GLOB c_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/spec/c/test_*.c)
foreach(src ${c_tests})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE fsgen_core)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/spec/c)
  add_test(NAME c_${name} COMMAND ${name})
  set_tests_properties(c_${name} PROPERTIES
    ENVIRONMENT "FSGEN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endforeach()

# What LD_PRELOAD and valgrind can reach: fsgen itself unless it is static.
if(TARGET fsgen-dynamic)
  set(fsgen_dynamic fsgen-dynamic)
else()
  set(fsgen_dynamic fsgen)
endif()

set(FSGEN_TEST_ENV
  "FSGEN_BIN=$<TARGET_FILE:fsgen>"
  "FSGEN_DYNAMIC_BIN=$<TARGET_FILE:${fsgen_dynamic}>"
  "FSGEN_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
  "FSGEN_BUILD_DIR=${CMAKE_BINARY_DIR}"
  "LUA_PATH=${CMAKE_SOURCE_DIR}/lua/?.lua\\;${CMAKE_SOURCE_DIR}/lua/?/init.lua\\;${CMAKE_SOURCE_DIR}/spec/?.lua\\;\\;"
  "LUA_CPATH=${CMAKE_BINARY_DIR}/lmod/?.so\\;\\;")

# lua5.4 itself is not instrumented: in a sanitizer build the runtime must be
# preloaded for the core module busted loads.  Leaks are checked in fsgen
# processes (C tests, valgrind), not in the interpreter that runs busted.
if(FSGEN_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE asan_lib OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE ubsan_lib OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(APPEND FSGEN_TEST_ENV "LD_PRELOAD=${asan_lib}:${ubsan_lib}"
       "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:alloc_dealloc_mismatch=0"
       "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()

file(GLOB_RECURSE lua_specs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/spec/*_spec.lua)
foreach(spec ${lua_specs})
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR}/spec ${spec})
  string(REGEX REPLACE "_spec\\.lua$" "" name ${rel})
  string(REPLACE "/" "_" name ${name})
  add_test(NAME busted_${name}
           COMMAND ${LUA54} ${BUSTED} --output=TAP ${spec}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(busted_${name} PROPERTIES ENVIRONMENT "${FSGEN_TEST_ENV}")
endforeach()

# clang-tidy and cppcheck over runtime/ (with the compile_commands.json the
# top-level CMakeLists.txt asks for).
if(NOT FSGEN_SANITIZE)
  add_test(NAME lint COMMAND sh ${CMAKE_SOURCE_DIR}/spec/lint.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
endif()

# valgrind on full renders: no errors, no leaks (not with sanitizers).
find_program(VALGRIND valgrind)
if(VALGRIND AND NOT FSGEN_SANITIZE)
  add_test(NAME valgrind_render
           COMMAND sh ${CMAKE_SOURCE_DIR}/spec/valgrind_render.sh ${VALGRIND} $<TARGET_FILE:${fsgen_dynamic}>
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endif()

# Hardening: fuzz targets, fault injection, concurrency (spec/hardening/).
if(EXISTS ${CMAKE_SOURCE_DIR}/spec/hardening/tests.cmake)
  include(${CMAKE_SOURCE_DIR}/spec/hardening/tests.cmake)
endif()
