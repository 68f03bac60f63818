# Strict warnings on the project's own code only (dependencies are system
# includes and are not held to them). Errors only with CSM_WERROR (on in the
# presets and CI, off for projects that embed csmetrics).
#
# GCC 12 optimizing (release, asan, tsan presets) warns falsely with
# -Wrestrict on std::string concatenations such as "T" + std::to_string(i)
# (GCC PR 105329, fixed in GCC 13), so Debian 12's compiler gets
# -Wno-restrict there; the Debug build, where it does not misfire, keeps it.
function(csm_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict>)
  endif()
  if(CSM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# The C99 programs (ABI tests, examples) compile exactly as a vendor's C code.
function(csm_set_c99_warnings target)
  target_compile_options(${target} PRIVATE -std=c99 -Wall -Wextra -pedantic)
  if(CSM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
