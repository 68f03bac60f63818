# Strict warnings on the project's own code only (dependencies are system
# includes and are not held to them). Errors only with CSM_WERROR (on in the
# presets and CI, off for projects that embed csmetrics).
function(csm_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
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
