#include "core/model/model.h"

namespace nne {

std::string display_name(const Model& model)
{
  constexpr std::string_view kEdited = " (edited)";
  if (!model.is_edited() || model.name.ends_with(kEdited)) {
    return model.name;
  }
  return model.name + std::string(kEdited);
}

} // namespace nne
