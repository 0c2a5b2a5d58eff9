// Types of the `pcusers-core` package: the pcusers rule core for JS apps. Identifiers are the
// ones of the core, the server API and the CLI (RULES.md, "Identifiers").

export type Role = 'manager' | 'developer' | 'business_contributor' | 'finance_contributor' | 'marketer';
export type Level = 'none' | 'read' | 'read_write';
export type AccountArea =
  | 'account_settings' | 'account_users' | 'ad_campaigns' | 'contact_info' | 'customer_groups' | 'new_apps'
  | 'payout_account' | 'payout_summary' | 'tax_profile' | 'test_accounts' | 'sandboxes' | 'ticketing_administrator';
export type ProductPermission =
  | 'acquisitions' | 'usage' | 'health' | 'customer_feedback'
  | 'promotional_codes' | 'targeted_offers' | 'contact_customer' | 'experimentation'
  | 'product_setup' | 'pricing_and_availability' | 'properties' | 'age_ratings' | 'packages' | 'store_listings'
  | 'store_submission' | 'new_submission_creation' | 'new_add_ons' | 'name_reservations';
export type Action =
  | 'list_users' | 'add_existing_users' | 'create_user' | 'invite_users' | 'resend_invitation' | 'revoke_invitation'
  | 'reset_password' | 'edit_profile' | 'edit_groups' | 'edit_access' | 'view_history' | 'remove_user'
  | 'create_group' | 'store_associate_app' | 'store_create_package' | 'submit_app' | 'change_account_settings'
  | 'view_acquisitions_report' | 'view_feedback' | 'respond_feedback' | 'view_health_report' | 'view_usage_report'
  | 'update_payout_account' | 'update_tax_profile' | 'view_payout_summary';

/** Standard roles, or custom permissions (never both, never neither: R-UM2). */
export interface Access {
  roles?: Role[];
  account?: Partial<Record<AccountArea, Level>>;
  /** Keys: "*" (All products), a product id ("app-42"), or "ID/add-ons" (that product's add-ons). */
  products?: Record<string, Partial<Record<ProductPermission, Level>>>;
}

export interface Person {
  kind: 'owner' | 'user';
  id?: string;
  tenant?: string;
  type?: 'member' | 'guest';
  access?: Access;
}

export interface Actor extends Person {
  /** Global administrator of its own tenant (R-A4, R-A5). */
  global_admin?: boolean;
  groups?: { id?: string; access: Access }[];
}

/** A decision request without its actor, for `decideMany`. */
export type DecisionCheck = Omit<DecisionRequest, 'actor'>;

export interface DecisionRequest {
  actor: Actor;
  action: Action;
  /** The acting tenant; left out, a user's own tenant (only the owner picks another). */
  tenant?: string;
  /** The user the action is about, when it is about one. */
  target?: Person | null;
  /** The product ("app-42") or add-ons row ("app-42/add-ons") of a product-level action. */
  product?: string;
}

/** One thing wrong with an input; `code` is stable, `message` is for a person. */
export interface Problem {
  code: string;
  message: string;
  /** Where: "username", "access.products.app-1.contact_customer", "text", ... */
  field?: string;
  /** The offending text. */
  item?: string;
  /** 1-based position in a list, when a list is involved. */
  position?: number;
}

export interface Checked {
  ok: boolean;
  problems: Problem[];
}

export interface InviteList extends Checked {
  /** Valid addresses, normalized (lower case), in order, without duplicates. */
  addresses: string[];
}

export interface EmailCheck extends Checked {
  /** The normalized address, when ok. */
  address?: string;
}

export interface CreateUserRequest {
  first_name: string;
  last_name: string;
  username: string;
  global_admin?: boolean;
  recovery_email?: string | null;
  groups?: string[];
  access: Access;
}

/** What the acting tenant holds; lists are compared as the server compares them. */
export interface TenantFacts {
  verified_domains?: string[];
  usernames?: string[];
  groups?: string[];
  directory_users?: string[];
  account_users?: string[];
  account_emails?: string[];
  pending_invitations?: string[];
}

export interface EffectivePermissions {
  owner: boolean;
  /** Owner, Manager or Developer: every product, whatever the custom permissions (R-RP5). */
  every_product: boolean;
  roles: Role[];
  account?: Partial<Record<AccountArea, Level>>;
  products?: Record<string, Partial<Record<ProductPermission, Level>>>;
}

export interface EffectiveAnswer extends Checked {
  permissions?: EffectivePermissions;
}

/** `code` and `message` are read on any decision (undefined when allowed), narrowed by `allowed`. */
export type Decision =
  | { allowed: true; code?: undefined; message?: undefined; problems?: undefined }
  | { allowed: false; code: string; message: string; problems?: Problem[] };

export interface IdTitle<Id extends string = string> {
  id: Id;
  title: string;
}

export interface RoleCatalog {
  owner: IdTitle<'owner'>;
  roles: IdTitle<Role>[];
  /** The R-RP1 matrix: what each column may do, "" for nothing. */
  features: (IdTitle & { owner: string; roles: Record<Role, string> })[];
}

export interface PermissionCatalog {
  levels: IdTitle<Level>[];
  account: (IdTitle<AccountArea> & { levels: Level[] })[];
  products: (IdTitle<'analytics' | 'monetization' | 'publishing'> & {
    permissions: (IdTitle<ProductPermission> & { levels: Level[] })[];
  })[];
}

export interface PcuCore {
  /** R-UM7: one to ten addresses separated by commas or semicolons. TypeError unless a string. */
  parseInviteList(text: string): InviteList;
  /** One address. TypeError unless a string; RangeError past 1,048,576 characters. */
  validateEmail(address: string): EmailCheck;
  /** R-UM3..R-UM5, R-UM2. Wrong types and missing fields come back as problems. */
  validateCreateUser(request: CreateUserRequest, tenant: TenantFacts): Checked;
  /** R-UM2, R-RP2..R-RP4, R-RP7. */
  validateAccess(access: Access): Checked;
  /** R-PW1. TypeError unless a string; RangeError past 1,048,576 characters. */
  validatePassword(password: string): Checked;
  /** R-RP5, R-RP6: an actor (it names `kind` or `groups`) with its groups, or one access. */
  effectivePermissions(actorOrAccess: Actor | Access): EffectiveAnswer;
  /** May the actor do the action? A request that cannot be read is denied with `invalid_request`. */
  decide(request: DecisionRequest): Decision;
  /** The same as `checks.map((check) => decide({ ...check, actor }))`, with the actor read once:
   *  for a page that asks many questions about one user. TypeError unless `checks` is an array
   *  of objects. */
  decideMany(actor: Actor, checks: DecisionCheck[]): Decision[];
  /** R-RP1: roles and the feature matrix, to draw the roles table. */
  listRoles(): RoleCatalog;
  /** R-RP2, R-RP3: account areas and product permissions with the levels each allows. */
  listPermissionAreas(): PermissionCatalog;
}

export interface CreateOptions {
  /** Emscripten: the .wasm bytes (the Node entry reads them itself when not given). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Emscripten: where to fetch a file such as "pcusers-core-raw.wasm" from. */
  locateFile?: (path: string, prefix: string) => string;
  /** false answers every call through JSON instead of the compact byte form (for tests). */
  wire?: boolean;
}

/** Loads the WebAssembly core; arguments that are not JSON values (undefined, cycles, BigInt)
 *  throw a TypeError, and the module keeps working after any bad call. */
export function createPcuCore(options?: CreateOptions): Promise<PcuCore>;
export default createPcuCore;
