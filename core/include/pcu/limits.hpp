// pcu/limits.hpp: public and stable. Every limit of the product as a named constant.
// Each default can be overridden by defining the macro before including any pcu header,
// as cpp-httplib does with its CPPHTTPLIB_* macros.
#pragma once

#include <cstddef>

#ifndef PCU_MAX_INVITES
#define PCU_MAX_INVITES 10  // R-UM7: addresses in one invitation text
#endif
#ifndef PCU_INVITE_TEXT_MAX
#define PCU_INVITE_TEXT_MAX 16384  // bytes of one pasted invitation text
#endif
#ifndef PCU_EMAIL_MAX
#define PCU_EMAIL_MAX 254  // whole address, octets
#endif
#ifndef PCU_EMAIL_LOCAL_MAX
#define PCU_EMAIL_LOCAL_MAX 64  // local part, octets
#endif
#ifndef PCU_DOMAIN_MAX
#define PCU_DOMAIN_MAX 253  // domain, octets
#endif
#ifndef PCU_DOMAIN_LABEL_MAX
#define PCU_DOMAIN_LABEL_MAX 63  // one label of a domain, octets
#endif
#ifndef PCU_DISPLAY_NAME_MAX
#define PCU_DISPLAY_NAME_MAX 256  // the "Name" of a pasted `"Name" <addr>` item
#endif
#ifndef PCU_NAME_MAX
#define PCU_NAME_MAX 64  // R-UM3: first name, last name (characters)
#endif
#ifndef PCU_ALIAS_MAX
#define PCU_ALIAS_MAX 64  // R-UM3: alias part of a username
#endif
#ifndef PCU_USERNAME_MAX
#define PCU_USERNAME_MAX 113  // R-UM3: whole username alias@domain
#endif
#ifndef PCU_PASSWORD_MIN
#define PCU_PASSWORD_MIN 8  // R-PW1
#endif
#ifndef PCU_PASSWORD_MAX
#define PCU_PASSWORD_MAX 256  // R-PW1
#endif
#ifndef PCU_TEMP_PASSWORD_LENGTH
#define PCU_TEMP_PASSWORD_LENGTH 20  // R-UM6: at least 16
#endif
#ifndef PCU_GROUP_NAME_MAX
#define PCU_GROUP_NAME_MAX 256  // R-GR1: display name (characters)
#endif
#ifndef PCU_GROUP_DESCRIPTION_MAX
#define PCU_GROUP_DESCRIPTION_MAX 1024  // R-GR1: description (characters)
#endif
#ifndef PCU_MAX_GROUPS_PER_USER
#define PCU_MAX_GROUPS_PER_USER 100  // groups named in one create or edit request
#endif
#ifndef PCU_MAX_ADD_USERS
#define PCU_MAX_ADD_USERS 100  // R-UM1: directory users chosen in one add-existing request
#endif
#ifndef PCU_MAX_PRODUCT_ROWS
#define PCU_MAX_PRODUCT_ROWS 256  // rows of the product-level matrix in one access
#endif
#ifndef PCU_PRODUCT_ID_MAX
#define PCU_PRODUCT_ID_MAX 64  // characters of a product id
#endif
#ifndef PCU_ID_MAX
#define PCU_ID_MAX 128  // characters of any other identifier (user, tenant, group)
#endif
#ifndef PCU_GROUPS_MAX
#define PCU_GROUPS_MAX 1000  // groups of one tenant (the groups list is answered whole)
#endif
#ifndef PCU_HISTORY_DAYS
#define PCU_HISTORY_DAYS 30  // R-UM14: page visits kept
#endif
#ifndef PCU_INVITE_EXPIRY_DAYS
#define PCU_INVITE_EXPIRY_DAYS 7  // R-UM9 beyond: invitations expire
#endif
#ifndef PCU_RESEND_INTERVAL_SECONDS
#define PCU_RESEND_INTERVAL_SECONDS 60  // R-UM9 beyond: one resend a minute
#endif
#ifndef PCU_JSON_MAX
#define PCU_JSON_MAX 65536  // bytes of one JSON document accepted by any decoder
#endif
#ifndef PCU_TENANT_JSON_MAX
#define PCU_TENANT_JSON_MAX 4194304  // bytes of a document holding a tenant snapshot (10,000 usernames and more)
#endif
#ifndef PCU_CSV_MAX_ROWS
#define PCU_CSV_MAX_ROWS 10000  // rows of one CSV import
#endif

namespace pcu::limits {
inline constexpr std::size_t max_invites = PCU_MAX_INVITES;
inline constexpr std::size_t invite_text_max = PCU_INVITE_TEXT_MAX;
inline constexpr std::size_t email_max = PCU_EMAIL_MAX;
inline constexpr std::size_t email_local_max = PCU_EMAIL_LOCAL_MAX;
inline constexpr std::size_t domain_max = PCU_DOMAIN_MAX;
inline constexpr std::size_t domain_label_max = PCU_DOMAIN_LABEL_MAX;
inline constexpr std::size_t display_name_max = PCU_DISPLAY_NAME_MAX;
inline constexpr std::size_t name_max = PCU_NAME_MAX;
inline constexpr std::size_t alias_max = PCU_ALIAS_MAX;
inline constexpr std::size_t username_max = PCU_USERNAME_MAX;
inline constexpr std::size_t password_min = PCU_PASSWORD_MIN;
inline constexpr std::size_t password_max = PCU_PASSWORD_MAX;
inline constexpr std::size_t temp_password_length = PCU_TEMP_PASSWORD_LENGTH;
inline constexpr std::size_t group_name_max = PCU_GROUP_NAME_MAX;
inline constexpr std::size_t group_description_max = PCU_GROUP_DESCRIPTION_MAX;
inline constexpr std::size_t max_groups_per_user = PCU_MAX_GROUPS_PER_USER;
inline constexpr std::size_t max_add_users = PCU_MAX_ADD_USERS;
inline constexpr std::size_t max_product_rows = PCU_MAX_PRODUCT_ROWS;
inline constexpr std::size_t product_id_max = PCU_PRODUCT_ID_MAX;
inline constexpr std::size_t id_max = PCU_ID_MAX;
inline constexpr std::size_t groups_max = PCU_GROUPS_MAX;
inline constexpr int history_days = PCU_HISTORY_DAYS;
inline constexpr int invite_expiry_days = PCU_INVITE_EXPIRY_DAYS;
inline constexpr int resend_interval_seconds = PCU_RESEND_INTERVAL_SECONDS;
inline constexpr std::size_t json_max = PCU_JSON_MAX;
inline constexpr std::size_t tenant_json_max = PCU_TENANT_JSON_MAX;
inline constexpr std::size_t csv_max_rows = PCU_CSV_MAX_ROWS;

static_assert(temp_password_length >= 16, "R-UM6: temporary passwords have at least 16 characters");
}  // namespace pcu::limits
