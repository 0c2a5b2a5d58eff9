// Change password (R-UM12, R-PW1): the current password and a new one the core checks as it
// is typed. After a temporary password (R-UM6) the console comes here first.
#include <string>

#include "api_client.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "widgets.hpp"

namespace change_password_page {
namespace {

struct State {
  std::uint64_t generation = 0;
  std::string current, fresh, again;
  api::Call save;
} state;

}  // namespace

void draw() {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
  }
  ui::title("Change password");
  if (session::me().must_change_password)
    ui::warning_text("You signed in with a temporary password: choose your own password to continue.");
  ImGui::TextUnformatted("Current password");
  ImGui::SetNextItemWidth(360);
  ui::input_password("##Current password", state.current);
  shell::problems("current_password", {}, state.save);
  const bool valid = shell::new_password("New password", state.fresh, state.again, state.save, "new_password");
  shell::call_status(state.save, nullptr);
  const bool ready = !state.current.empty() && valid && !state.save.busy;
  if (ui::button("Change password", ready))
    api::send(state.save, "POST", "/session/password",
              {{"current_password", state.current}, {"new_password", state.fresh}}, [](const api::Answer&) {
                shell::toast("Your password was changed.");
                state = State{};
                session::check();
                router::navigate("#/");
              });
}

}  // namespace change_password_page
