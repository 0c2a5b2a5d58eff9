// The sign-in page: username and password; one message whatever was wrong (R-PW2).
#include <algorithm>
#include <string>

#include "api_client.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "widgets.hpp"

namespace sign_in_page {
namespace {

struct State {
  std::string username, password;
  api::Call call;
} state;

void submit() {
  api::send(state.call, "POST", "/session", {{"username", state.username}, {"password", state.password}},
            [](const api::Answer& a) {
              state.password.clear();
              session::take(a.body);
            });
}

}  // namespace

void draw() {
  const float width = 380;
  ImGui::SetCursorPosX(std::max(20.0F, (ImGui::GetWindowWidth() - width) * 0.5F));
  ImGui::SetCursorPosY(std::max(20.0F, ImGui::GetWindowHeight() * 0.18F));
  ImGui::BeginGroup();
  ui::title("Sign in to pcusers");
  ImGui::TextDisabled("Manage who may use your developer account.");
  ImGui::Spacing();
  ImGui::TextUnformatted("Username");
  ImGui::SetNextItemWidth(width);
  bool enter = ui::input_text("##Username", state.username, ImGuiInputTextFlags_EnterReturnsTrue,
                              "alias@example.org");
  ImGui::TextUnformatted("Password");
  ImGui::SetNextItemWidth(width);
  enter |= ui::input_text("##Password", state.password,
                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::Spacing();
  const bool ready = !state.username.empty() && !state.password.empty() && !state.call.busy;
  if ((ui::button("Sign in", ready) || (enter && ready))) submit();
  shell::call_status(state.call, nullptr);
  shell::problems("username", {}, state.call);
  shell::problems("password", {}, state.call);
  ImGui::Spacing();
  if (ui::link("Forgot your password?")) router::navigate("#/recover");
  ImGui::EndGroup();
}

}  // namespace sign_in_page
