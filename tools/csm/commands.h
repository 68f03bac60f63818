// The csm subcommands. Each Add*Command registers its options on `app`; the
// callback runs the command and stores its exit status in *exit_code.
#ifndef CSM_TOOLS_CSM_COMMANDS_H_
#define CSM_TOOLS_CSM_COMMANDS_H_

#include <cstddef>
#include <string_view>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace csm::cli {

void AddImportCommand(CLI::App& app, int* exit_code);
void AddReportCommand(CLI::App& app, int* exit_code);
void AddRenderCommand(CLI::App& app, int* exit_code);
void AddCalendarCommand(CLI::App& app, int* exit_code);
void AddStaffingCommand(CLI::App& app, int* exit_code);
void AddLiveCommand(CLI::App& app, int* exit_code);

struct OutputOptions;
// --format, -o, --title, --business: shared by report and render.
void AddRenderOutputOptions(CLI::App* cmd, OutputOptions* output);

// Bounds on what the CLI prints per message: a rejected line's reason
// quotes its value, which may be a megabyte (json_limits.h's policy).
inline constexpr std::size_t kMaxRejectionMessage = 300;
inline constexpr std::size_t kMaxErrorMessage = 500;

// Prints "csm <command>: <message>" (at most kMaxErrorMessage bytes of it)
// on stderr and returns 1.
int Fail(std::string_view command, const absl::Status& status);

// Refuses an empty value, so `--tz ""` is a usage error rather than the
// option's default.
CLI::Validator NonEmpty();

// True when stderr is a terminal (progress and summaries are shown).
bool StderrIsTerminal();

}  // namespace csm::cli

#endif  // CSM_TOOLS_CSM_COMMANDS_H_
