// pcu/pcu.hpp: public and stable. The one include for users of the core.
#pragma once

#include "limits.hpp"
#include "model.hpp"
#include "access.hpp"
#include "email.hpp"
#include "policy.hpp"
#include "validate.hpp"
#include "json.hpp"
