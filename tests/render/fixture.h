// Loads the §8 report fixtures of tests/render/fixtures (made by
// make_fixtures.py there).
#ifndef CSM_TESTS_RENDER_FIXTURE_H_
#define CSM_TESTS_RENDER_FIXTURE_H_

#include <fstream>
#include <sstream>
#include <string>

#include "csm/render/report_model.h"

namespace csm::render {

inline Json LoadFixture(const std::string& name) {
  std::ifstream in(std::string(CSM_SOURCE_DIR) + "/tests/render/fixtures/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace csm::render

#endif  // CSM_TESTS_RENDER_FIXTURE_H_
