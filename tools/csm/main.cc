// csm: customer-service metrics from the command line.
//   csm import   export (ServiceNow log, NYC 311, call log, ticket table) → events JSONL
//   csm report   events → report (table, JSON, CSV, HTML)
//   csm render   saved JSON report(s) → table, CSV or HTML
//   csm calendar business-time questions and calendar file checks
#include <unistd.h>

#include <cstdio>
#include <string>

#include "csm/io/cat.h"
#include "csm/version.h"
#include "tools/csm/commands.h"

namespace csm::cli {

int Fail(std::string_view command, const absl::Status& status) {
  std::fprintf(stderr, "csm %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               std::string(status.message()).c_str());
  return 1;
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace csm::cli

int main(int argc, char** argv) {
  CLI::App app{
      "csm: customer-service and contact-center metrics from ticket and call events.\n"
      "Typical use:\n"
      "  csm import --preset servicenow incident_event_log.csv > events.jsonl\n"
      "  csm report --events events.jsonl --grain day --format table\n"
      "  csm report --events events.jsonl --format html -o report.html",
      "csm"};
  app.set_version_flag("--version", std::string("csm ") + CSM_VERSION_STRING);
  app.require_subcommand(1);
  app.fallthrough(false);
  int exit_code = 0;
  csm::cli::AddImportCommand(app, &exit_code);
  csm::cli::AddReportCommand(app, &exit_code);
  csm::cli::AddRenderCommand(app, &exit_code);
  csm::cli::AddCalendarCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
