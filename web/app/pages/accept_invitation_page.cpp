// Accept invitation (R-UM8): the single-use link "#/accept/TOKEN" from the invitation mail;
// the guest chooses a password (R-PW1, checked as typed), then signs in.
#include <string>

#include "api_client.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "widgets.hpp"

namespace accept_invitation_page {
namespace {

struct State {
  std::uint64_t generation = 0;
  std::string password, again, username;
  bool accepted = false;
  api::Call accept;
} state;

}  // namespace

void draw(std::string_view token) {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
  }
  ui::title("Accept your invitation");
  if (state.accepted) {
    ui::success_text("Welcome! Your invitation is accepted.");
    ImGui::Text("Sign in as %s with the password you chose.", state.username.c_str());
    if (ui::button("Go to sign in")) {
      if (session::state() == session::State::signed_in) session::forget();
      router::navigate("#/sign-in");
    }
    return;
  }
  ImGui::TextWrapped("Choose a password to finish joining the account. This link works once.");
  const bool valid = shell::new_password("Password", state.password, state.again, state.accept, "password");
  shell::call_status(state.accept, nullptr);
  const bool ready = valid && !state.accept.busy;
  if (ui::button("Accept invitation", ready))
    api::send(state.accept, "POST", "/invitations/accept", {{"token", std::string(token)}, {"password", state.password}},
              [](const api::Answer& a) {
                state.accepted = true;
                state.username = a.body.value("username", "");
                state.password.clear();
                state.again.clear();
              });
}

}  // namespace accept_invitation_page
