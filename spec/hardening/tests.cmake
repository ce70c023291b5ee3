# Hardening (spec/hardening/): the LD_PRELOAD fault-injection shim its specs
# use.  The specs themselves (*_spec.lua) are registered by spec/tests.cmake;
# fuzzing and valgrind runs are in spec/hardening/ci.sh.
add_library(fault_inject MODULE ${CMAKE_CURRENT_LIST_DIR}/fault_inject.c)
set_target_properties(fault_inject PROPERTIES PREFIX "" OUTPUT_NAME "fault_inject"
                      LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
# The shim sits between the sanitizer runtime (first in LD_PRELOAD) and libc:
# it must not carry a sanitizer runtime of its own.
target_compile_options(fault_inject PRIVATE -fno-sanitize=all)
target_link_options(fault_inject PRIVATE -fno-sanitize=all)
target_link_libraries(fault_inject PRIVATE ${CMAKE_DL_LIBS})
# The specs run fsgen with it preloaded: build it with the tests.
add_dependencies(fsgen fault_inject)
