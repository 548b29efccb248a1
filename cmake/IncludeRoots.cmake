# nne_include_root(<target> <PUBLIC|PRIVATE|INTERFACE> <folder>)
#
# Includes are written from the repository root ("core/model/cnn.h", "ui/main_window.h"), but a
# library must not see the folders above it in the layering (core below ui and app). Each folder
# therefore gets its own include root in the build tree holding nothing but a link to that one
# folder, and a library is given only the roots of itself and of what it links: core cannot
# include "ui/..." or "app/...", ui cannot include "app/...". The build enforces the layering.
function(nne_include_root target scope folder)
  set(root "${PROJECT_BINARY_DIR}/include-roots/${folder}")
  if(NOT EXISTS "${root}/${folder}")
    get_filename_component(parent "${root}/${folder}" DIRECTORY) # "tools/bench-ui" has one level more
    file(MAKE_DIRECTORY "${parent}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${folder}" "${root}/${folder}" SYMBOLIC)
  endif()
  target_include_directories(${target} ${scope} "${root}")
endfunction()
