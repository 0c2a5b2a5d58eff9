// shell.hpp: what surrounds every page: the top bar with navigation and sign-out, toasts,
// the state of a request (spinner, failure with Retry, refusal), and problems next to fields.
#pragma once

#include <string>
#include <string_view>

#include "api_client.hpp"
#include "pcu/model.hpp"

namespace shell {

// Draws the top bar for a signed-in person.
void top_bar();
// Shows a short confirmation at the top for a few seconds.
void toast(std::string_view text);
void draw_toast();

// Spinner while busy; a failure message with a Retry button (true when pressed); a refusal
// as an error line (a refusal about one field only is shown by `problems` next to it). With
// retry_id null there is no Retry button: a change is retried with its own button, which the
// page enables again (sending it again unseen could apply it twice).
bool call_status(const api::Call& call, const char* retry_id = "Retry");
// Every problem about `field`: the core's (typing) and the server's (error.field, items).
void problems(std::string_view field, const pcu::Problems& local, const api::Call& call);
// A new password typed twice ("<label>" and "<label> again"), checked as typed (R-PW1); true
// when it is valid and both agree. `field` names it in the server's refusals.
bool new_password(const char* label, std::string& password, std::string& again, const api::Call& call,
                  std::string_view field);
// How the mail of a pending invitation fared, from its `delivery` ({state, last_error}):
// "mail sent", "mail queued: <why the last try failed>", "mail failed: 550 ..."; empty when
// `delivery` says nothing.
std::string delivery_text(const api::json& delivery);

}  // namespace shell
