// Password recovery (R-UM12): "#/recover" asks for a link by username (the answer is the same
// whoever asks, so it tells no one who exists); the mailed link "#/recover/TOKEN" lets the
// person choose a new password (R-PW1, checked as typed), then sign in.
#include <string>

#include "api_client.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "widgets.hpp"

namespace recover_password_page {
namespace {

struct State {
  std::uint64_t generation = 0;
  std::string username, password, again;
  bool done = false;
  api::Call send;
} state;

void ask_for_link() {
  ui::title("Forgot your password?");
  if (state.done) {
    ui::success_text("If the username has a recovery email, a link to choose a new password was sent there. "
                     "It works for one hour.");
    return;
  }
  ImGui::TextWrapped("Enter your username. A link to choose a new password goes to the recovery email given "
                     "for it, if there is one.");
  ImGui::TextUnformatted("Username");
  ImGui::SetNextItemWidth(360);
  const bool enter = ui::input_text("##Username", state.username, ImGuiInputTextFlags_EnterReturnsTrue,
                                    "alias@example.org");
  shell::call_status(state.send, nullptr);
  const bool ready = !state.username.empty() && !state.send.busy;
  if ((ui::button("Send recovery link", ready) || enter) && ready)
    api::send(state.send, "POST", "/password-recovery", {{"username", state.username}},
              [](const api::Answer&) { state.done = true; });
}

void choose_password(std::string_view token) {
  ui::title("Choose a new password");
  if (state.done) {
    ui::success_text("Your password was changed. Sign in with the new one.");
    return;
  }
  const bool valid = shell::new_password("New password", state.password, state.again, state.send, "new_password");
  shell::call_status(state.send, nullptr);
  if (ui::button("Set new password", valid && !state.send.busy))
    api::send(state.send, "POST", "/password-recovery/complete",
              {{"token", std::string(token)}, {"new_password", state.password}}, [](const api::Answer&) {
                state.done = true;
                state.password.clear();
                state.again.clear();
              });
}

}  // namespace

void draw(std::string_view token) {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
  }
  if (token.empty()) ask_for_link();
  else choose_password(token);
  ImGui::Spacing();
  if (ui::link("Go to sign in")) {
    if (session::state() == session::State::signed_in) session::forget();
    router::navigate("#/sign-in");
  }
}

}  // namespace recover_password_page
