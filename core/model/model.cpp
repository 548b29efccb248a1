#include "core/model/model.h"

namespace nne {

std::string display_name(const Model& model)
{
  constexpr std::string_view kEdited = " (edited)";
  constexpr std::string_view kAssumed = " (assumed layout)";
  std::string name = model.name;
  if (model.layout_assumed && name.find(kAssumed) == std::string::npos) {
    name += kAssumed;
  }
  if (model.is_edited() && !name.ends_with(kEdited)) {
    name += kEdited;
  }
  return name;
}

} // namespace nne
