# Strict warnings on the project's own code only (dependencies are system
# includes and are not held to them).
function(csm_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
