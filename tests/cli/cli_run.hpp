// tests/cli/cli_run.hpp: runs the real `pcu` binary with arguments and standard input.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

struct CliResult {
  int exit_code = -1;
  std::string out;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `pcu ARGS` with `stdin_text` on standard input; captures standard output.
inline CliResult run_pcu(const std::string& args, const std::string& stdin_text = "") {
  char path[] = "/tmp/pcu_cli_stdin_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return {};
  std::ofstream(path, std::ios::binary) << stdin_text;
  close(fd);
  const std::string command = std::string(PCU_CLI_PATH) + " " + args + " < " + path + " 2>/dev/null";
  CliResult r;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  unlink(path);
  return r;
}

inline std::string data_file(const std::string& name) { return std::string(PCU_CLI_DATA_DIR) + "/" + name; }
