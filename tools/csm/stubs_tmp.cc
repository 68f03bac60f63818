#include "tools/csm/commands.h"
namespace csm::cli {
void AddReportCommand(CLI::App&, int*) {}
}  // namespace csm::cli
