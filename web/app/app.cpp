#include "app.hpp"

#include <string>
#include <utility>

#include "api_client.hpp"
#include "browser.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "widgets.hpp"

namespace app {
namespace {

using router::Page;

std::uint64_t reported_generation = 0;
std::string after_sign_in = "#/";  // where a sign-in returns to

bool needs_users_permission(Page p) {
  return p == Page::users || p == Page::add_users || p == Page::edit_user || p == Page::history ||
         p == Page::temporary_password || p == Page::groups;
}

// R-UM14: every page a signed-in person sees is reported once per visit.
void report_visit() {
  if (session::state() != session::State::signed_in) return;
  if (reported_generation == router::generation()) return;
  reported_generation = router::generation();
  // Public pages are not reported: their addresses carry invitation and recovery tokens.
  const router::Route& r = router::current();
  if (router::is_public(r.page)) return;
  api::post_quietly("/activity", {{"path", r.hash.empty() ? "#/" : r.hash}});
}

void home() {
  ui::title("Welcome, " + session::me().display_name());
  std::string roles;
  for (std::size_t r = 0; r < pcu::role_count; ++r)
    if (session::me().roles.has(static_cast<pcu::Role>(r)))
      roles += (roles.empty() ? "" : ", ") + std::string(pcu::role_titles[r]);
  if (session::me().owner) roles = "Owner";
  ImGui::Text("Signed in as %s.", session::me().username.c_str());
  ImGui::Text("Your access: %s", roles.empty() ? "custom permissions" : roles.c_str());
}

void refused() {
  ui::title("Not available");
  ui::error_text("You do not have permission to see this page.");
}

void draw_page(const router::Route& r) {
  switch (r.page) {
    case Page::home: home(); break;
    case Page::sign_in: sign_in_page::draw(); break;
    case Page::users: users_page::draw(); break;
    case Page::add_users: add_users_page::draw(r.param); break;
    case Page::temporary_password: temporary_password_page::draw(); break;
    case Page::edit_user: edit_user_page::draw(r.param); break;
    case Page::history: history_page::draw(r.param); break;
    case Page::groups: groups_page::draw(); break;
    case Page::audit: audit_page::draw(); break;
    case Page::accept_invitation: accept_invitation_page::draw(r.param); break;
    case Page::change_password: change_password_page::draw(); break;
    case Page::recover_password: recover_password_page::draw(r.param); break;
    case Page::not_found:
      ui::title("Page not found");
      if (ui::link("Go to the start page")) router::navigate("#/");
      break;
  }
}

// Sends the person where they may be: sign-in when signed out, the start page after signing
// in, the password page while a temporary password must be changed.
bool redirect(const router::Route& r) {
  const auto state = session::state();
  if (state == session::State::signed_out && !router::is_public(r.page)) {
    after_sign_in = r.hash.empty() || r.page == Page::sign_in ? "#/" : r.hash;
    router::navigate("#/sign-in");
    return true;
  }
  if (state != session::State::signed_in) return false;
  if (r.page == Page::sign_in) {
    router::navigate(std::exchange(after_sign_in, "#/"));
    return true;
  }
  if (session::me().must_change_password && r.page != Page::change_password) {
    router::navigate("#/password");
    return true;
  }
  if (r.page == Page::home && session::can_view_users()) {
    router::navigate("#/users");
    return true;
  }
  return false;
}

}  // namespace

void start() {
  router::changed(browser::location_hash());
  api::set_status_observer([](int status, std::string_view path, std::string_view code) {
    if (status == 401 && path != "/session" && session::state() == session::State::signed_in) session::forget();
    // The session changed in another tab: ask who is signed in now, which brings its token.
    // (Not for a refused sign-out, which signs out here whatever the server says.)
    if (status == 403 && code == "csrf_invalid" && path != "/session" && session::state() == session::State::signed_in)
      session::check();
  });
  session::check();
}

void draw() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  // No background: main.cpp clears the canvas to WindowBg, and a window-sized quad over it
  // made SwiftShader fill every pixel twice (half of a drawn frame's raster time).
  ImGui::Begin("##console", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  const router::Route& r = router::current();
  if (!redirect(r)) {
    const auto state = session::state();
    if (state == session::State::unknown || state == session::State::checking) {
      if (shell::call_status(session::call())) session::check();
    } else {
      if (state == session::State::signed_in && !router::is_public(r.page)) shell::top_bar();
      report_visit();
      const bool allowed = !needs_users_permission(r.page) || session::can_view_users();
      const bool audit_allowed = r.page != Page::audit || session::can_view_audit();
      ImGui::BeginChild("##page", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
      if (state == session::State::signed_in && (!allowed || !audit_allowed)) refused();
      else draw_page(r);
      ImGui::EndChild();
    }
  }
  ImGui::End();
  shell::draw_toast();
}

}  // namespace app
