// pages.hpp: one function per page of the console; each file under pages/ draws one page
// and keeps its own state, reset when the route changes.
#pragma once

#include <string>
#include <string_view>

namespace sign_in_page { void draw(); }
namespace users_page { void draw(); }
namespace add_users_page { void draw(std::string_view way); }
namespace temporary_password_page {
// Hands a temporary password to the page (creation or reset) and goes there.
void show(std::string name, std::string username, std::string password);
void draw();
}
namespace edit_user_page { void draw(std::string_view user_id); }
namespace history_page { void draw(std::string_view user_id); }
namespace groups_page { void draw(); }
namespace audit_page { void draw(); }
namespace accept_invitation_page { void draw(std::string_view token); }
namespace change_password_page { void draw(); }
// "#/recover": ask for a recovery link; "#/recover/TOKEN": choose a new password (R-UM12).
namespace recover_password_page { void draw(std::string_view token); }
