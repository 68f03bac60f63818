// csm: customer-service metrics from the command line.
//   csm import   export (ServiceNow log, NYC 311, call log, ticket table) → events JSONL
//   csm report   events → report (table, JSON, CSV, HTML)
//   csm render   saved JSON report(s) → table, CSV or HTML
//   csm calendar business-time questions and calendar file checks
//   csm staffing forecast per interval and the agents each needs
//   csm live     events → a live query's answer now (SLA due, a ticket, the queue)
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "csm/io/cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"
#include "csm/version.h"
#include "tools/csm/commands.h"

namespace csm::cli {

int Fail(std::string_view command, const absl::Status& status) {
  // Messages quote input; a safety net for any that quote too much.
  std::fprintf(stderr, "csm %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               QuoteForError(AsStd(status.message()), kMaxErrorMessage).c_str());
  return 1;
}

CLI::Validator NonEmpty() {
  return CLI::Validator(
      [](std::string& value) { return value.empty() ? std::string("must not be empty") : ""; },
      "NONEMPTY");
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
  csm::cli::AddStaffingCommand(app, &exit_code);
  csm::cli::AddLiveCommand(app, &exit_code);
  // The commands run inside parse (subcommand callbacks): whatever escapes
  // them is reported here, never left to abort the process.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 gives each usage error its own code (105 validation, 106
    // required ...); docs/cli.md promises 2 for all of them. --help and
    // --version exit 0.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "csm: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "csm: internal error: %s\n", csm::QuoteForError(e.what()).c_str());
    return 1;
  }
  return exit_code;
}
