/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store.c: the server's SQLite database: schema migrations and every query. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "wcc-error.h"
#include "wcc-store.h"
#include "wcc-store-private.h"

struct _WccStore
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *statements;  /* static SQL text → sqlite3_stmt, finalized at dispose */
  WccStoreCheckpointer *checkpointer;
  WccStoreCallQueue    *call_queue;
};

G_DEFINE_FINAL_TYPE (WccStore, wcc_store, G_TYPE_OBJECT)

/* Schema migrations, applied in order; PRAGMA user_version holds how many ran.
 * Never edit a released step: add a new one. */
static const char * const migrations[] = {
  /* 1: tenants, users, groups, sessions, login security, audit */
  "CREATE TABLE clients ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  employee_id TEXT NOT NULL,"
  "  surname TEXT NOT NULL DEFAULT '',"
  "  given_name TEXT NOT NULL DEFAULT '',"
  "  roles TEXT NOT NULL DEFAULT 'agent',"
  "  password_hash TEXT NOT NULL,"
  "  sip_ha1 TEXT,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (client_id, employee_id));"
  "CREATE TABLE agent_groups ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  UNIQUE (client_id, name));"
  "CREATE TABLE group_members ("
  "  group_id INTEGER NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  is_leader INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (group_id, user_id));"
  "CREATE INDEX group_members_user ON group_members(user_id);"
  "CREATE TABLE sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  address TEXT);"
  "CREATE TABLE login_attempts ("
  "  id INTEGER PRIMARY KEY,"
  "  account TEXT NOT NULL,"
  "  address TEXT NOT NULL,"
  "  success INTEGER NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX login_attempts_account ON login_attempts(account, at);"
  "CREATE INDEX login_attempts_address ON login_attempts(address, at);"
  "CREATE TABLE login_locks ("
  "  account TEXT PRIMARY KEY,"
  "  locked_until INTEGER NOT NULL);"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  client_id INTEGER REFERENCES clients(id) ON DELETE SET NULL,"
  "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  action TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '',"
  "  address TEXT);",

  /* 2: avatars (D7) kept apart from the hot users rows; image challenges (L2) */
  "CREATE TABLE user_avatars ("
  "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
  "  jpeg BLOB NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE login_challenges ("
  "  id TEXT PRIMARY KEY,"
  "  answer TEXT NOT NULL,"
  "  image BLOB NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used INTEGER NOT NULL DEFAULT 0);",

  /* 3: what became of each login attempt (WccLoginOutcome): in-flight checks count as
   * failures, and only checked passwords count toward the lock */
  "ALTER TABLE login_attempts ADD COLUMN outcome INTEGER NOT NULL DEFAULT 1;"
  "UPDATE login_attempts SET outcome = CASE success WHEN 1 THEN 3 ELSE 1 END;"
  "CREATE INDEX login_attempts_account_outcome ON login_attempts(account, outcome, id);",

  /* 4: agent groups as call queues (ACD settings, queue numbers), pause reasons, the agent
   * state that outlives a restart (sign-ins, pause reason), call records with their legs.
   * Call times are µs since 1970 (UTC): durations need better than seconds. */
  "ALTER TABLE agent_groups ADD COLUMN queue_number TEXT;"
  "ALTER TABLE agent_groups ADD COLUMN ring_timeout INTEGER NOT NULL DEFAULT 20;"
  "ALTER TABLE agent_groups ADD COLUMN missed_offers_before_pause INTEGER NOT NULL DEFAULT 2;"
  "ALTER TABLE agent_groups ADD COLUMN after_call_work INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE agent_groups ADD COLUMN service_level INTEGER NOT NULL DEFAULT 20;"
  "CREATE UNIQUE INDEX agent_groups_queue_number ON agent_groups(client_id, queue_number)"
  "  WHERE queue_number IS NOT NULL;"
  "CREATE TABLE pause_reasons ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  label TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  automatic INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (client_id, label));"
  "CREATE UNIQUE INDEX pause_reasons_automatic ON pause_reasons(client_id) WHERE automatic = 1;"
  "INSERT INTO pause_reasons (client_id, label, position, automatic)"
  "  SELECT id, 'No answer', 1000, 1 FROM clients;"
  "CREATE TABLE agent_status ("
  "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
  "  pause_reason_id INTEGER REFERENCES pause_reasons(id) ON DELETE SET NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE agent_sign_ins ("
  "  user_id INTEGER NOT NULL,"
  "  group_id INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, group_id),"
  "  FOREIGN KEY (group_id, user_id) REFERENCES group_members(group_id, user_id) ON DELETE CASCADE);"
  "CREATE INDEX agent_sign_ins_member ON agent_sign_ins(group_id, user_id);"
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),"
  "  from_number TEXT NOT NULL DEFAULT '',"
  "  to_number TEXT NOT NULL DEFAULT '',"
  "  customer_number TEXT,"
  "  group_id INTEGER REFERENCES agent_groups(id) ON DELETE SET NULL,"
  "  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  offered_at INTEGER NOT NULL,"
  "  answered_at INTEGER,"
  "  ended_at INTEGER,"
  "  hangup_reason TEXT,"
  "  hangup_side TEXT CHECK (hangup_side IN ('caller', 'callee', 'server')),"
  "  task_id INTEGER,"
  "  customer_id INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX calls_client ON calls(client_id, id);"
  "CREATE INDEX calls_agent ON calls(agent_id, id);"
  "CREATE INDEX calls_group ON calls(group_id, id);"
  "CREATE INDEX calls_customer ON calls(client_id, customer_number, id);"
  "CREATE INDEX calls_open ON calls(id) WHERE ended_at IS NULL;"
  "CREATE TABLE call_legs ("
  "  id INTEGER PRIMARY KEY,"
  "  call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,"
  "  side TEXT NOT NULL CHECK (side IN ('caller', 'callee')),"
  "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  peer_uri TEXT NOT NULL DEFAULT '',"
  "  number TEXT NOT NULL DEFAULT '',"
  "  device TEXT NOT NULL DEFAULT '',"
  "  started_at INTEGER NOT NULL,"
  "  answered_at INTEGER,"
  "  ended_at INTEGER,"
  "  status INTEGER);"
  "CREATE INDEX call_legs_call ON call_legs(call_id);"
  "CREATE INDEX call_legs_user ON call_legs(user_id, call_id);"
  "CREATE INDEX sessions_user ON sessions(user_id, expires_at);",

  /* 5: the SIP registrar's bindings: one row per contact of an agent, found by agent;
   * expired rows are ignored and purged. Times are Unix seconds. */
  "CREATE TABLE sip_bindings ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  contact TEXT NOT NULL,"
  "  source TEXT NOT NULL DEFAULT '',"
  "  user_agent TEXT NOT NULL DEFAULT '',"
  "  call_id TEXT NOT NULL,"
  "  cseq INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (user_id, contact));"
  "CREATE INDEX sip_bindings_agent ON sip_bindings(client_id, user_id);",

  /* 6: answers to retried writes (Idempotency-Key), per user; status 0 while running.
   * Kept a day. */
  "CREATE TABLE idempotency_keys ("
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  key TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  status INTEGER NOT NULL DEFAULT 0,"
  "  content_type TEXT NOT NULL DEFAULT '',"
  "  body BLOB,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, key));"
  "CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);",

  /* 7: customer work (issue 5): packages with their custom field definitions, tasks with
   * their agent groups and call results, call results bound to a funnel stage and a call
   * state, customer tags; customers with their phones (normalized for the full-number
   * lookup) and tags. A customer without owner is in its task's pool. */
  "CREATE TABLE customer_packages ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  fields TEXT NOT NULL DEFAULT '[]',"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (client_id, name));"
  "CREATE TABLE tasks ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  package_id INTEGER NOT NULL REFERENCES customer_packages(id) ON DELETE RESTRICT,"
  "  name TEXT NOT NULL,"
  "  after_call_work INTEGER NOT NULL DEFAULT 0,"
  "  history_manual INTEGER NOT NULL DEFAULT 0,"
  "  questionnaire_id INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (client_id, name));"
  "CREATE INDEX tasks_package ON tasks(package_id, id);"
  "CREATE TABLE task_groups ("
  "  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
  "  group_id INTEGER NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (task_id, group_id));"
  "CREATE INDEX task_groups_group ON task_groups(group_id, task_id);"
  "CREATE TABLE call_results ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  label TEXT NOT NULL,"
  "  funnel TEXT NOT NULL CHECK (funnel IN ('success', 'fail', 'follow_up')),"
  "  call_state TEXT NOT NULL CHECK (call_state IN ('any', 'answered', 'unanswered')),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  UNIQUE (client_id, label));"
  "CREATE TABLE task_call_results ("
  "  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
  "  call_result_id INTEGER NOT NULL REFERENCES call_results(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (task_id, call_result_id));"
  "CREATE TABLE customer_tags ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  UNIQUE (client_id, name));"
  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  package_id INTEGER NOT NULL REFERENCES customer_packages(id) ON DELETE RESTRICT,"
  "  task_id INTEGER REFERENCES tasks(id) ON DELETE RESTRICT,"
  "  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  company TEXT NOT NULL DEFAULT '',"
  "  surname TEXT NOT NULL DEFAULT '',"
  "  given_name TEXT NOT NULL DEFAULT '',"
  "  surname_phonetic TEXT NOT NULL DEFAULT '',"
  "  given_name_phonetic TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  address TEXT NOT NULL DEFAULT '',"
  "  custom TEXT NOT NULL DEFAULT '{}',"
  "  dial_count INTEGER NOT NULL DEFAULT 0,"
  "  last_contact_at INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX customers_pool ON customers(task_id, id) WHERE owner_id IS NULL;"
  "CREATE INDEX customers_owner ON customers(owner_id, task_id, id);"
  "CREATE INDEX customers_client ON customers(client_id, id);"
  "CREATE INDEX customers_package ON customers(package_id, id);"
  "CREATE TABLE customer_phones ("
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  client_id INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  normalized TEXT NOT NULL,"
  "  PRIMARY KEY (customer_id, position));"
  "CREATE INDEX customer_phones_lookup ON customer_phones(client_id, normalized);"
  "CREATE TABLE customer_tag_links ("
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES customer_tags(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (customer_id, tag_id));"
  "CREATE INDEX customer_tag_links_tag ON customer_tag_links(tag_id, customer_id);"
  "CREATE INDEX calls_customer_id ON calls(customer_id) WHERE customer_id IS NOT NULL;",
  /* 8: customer notes (C9): normal, pinned, and pop-up warnings that take effect once a
   * reviewer approves them; contact records (C15): the call result with its funnel stage
   * and the call's state as saved, the note, the call and the next appointment. */
  "CREATE TABLE customer_notes ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('normal', 'pinned', 'warning')),"
  "  text TEXT NOT NULL,"
  "  review_state TEXT CHECK (review_state IN ('pending', 'approved', 'rejected')),"
  "  reviewer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  review_reason TEXT NOT NULL DEFAULT '',"
  "  reviewed_at INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  CHECK ((kind = 'warning') = (review_state IS NOT NULL)));"
  "CREATE INDEX customer_notes_customer ON customer_notes(customer_id, id);"
  "CREATE INDEX customer_notes_pending ON customer_notes(client_id, id) WHERE review_state = 'pending';"
  "CREATE TABLE contact_records ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  call_result_id INTEGER NOT NULL REFERENCES call_results(id) ON DELETE RESTRICT,"
  "  funnel TEXT NOT NULL CHECK (funnel IN ('success', 'fail', 'follow_up')),"
  "  call_state TEXT NOT NULL CHECK (call_state IN ('answered', 'unanswered')),"
  "  note TEXT NOT NULL DEFAULT '',"
  "  call_id INTEGER REFERENCES calls(id) ON DELETE SET NULL,"
  "  next_contact_at INTEGER,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX contact_records_customer ON contact_records(customer_id, id);",

  /* 9: tickets (C11, C12): the client's ticket categories, statuses and results (kept while
   * a ticket has one: inactive ones are no longer offered); tickets of a customer with an
   * appointment (its time and who set it); the change log the server writes on every
   * change; comments; the ticket a contact record is linked to (C15). A ticket without a
   * result is open (D1). */
  "CREATE TABLE ticket_choices ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('category', 'status', 'result')),"
  "  label TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  UNIQUE (client_id, kind, label));"
  "CREATE TABLE tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  category_id INTEGER REFERENCES ticket_choices(id) ON DELETE RESTRICT,"
  "  status_id INTEGER REFERENCES ticket_choices(id) ON DELETE RESTRICT,"
  "  result_id INTEGER REFERENCES ticket_choices(id) ON DELETE RESTRICT,"
  "  appointment_at INTEGER,"
  "  appointment_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX tickets_customer ON tickets(customer_id, id);"
  "CREATE INDEX tickets_author_open ON tickets(author_id) WHERE result_id IS NULL;"
  "CREATE INDEX tickets_appointments ON tickets(appointment_user_id, appointment_at)"
  "  WHERE appointment_at IS NOT NULL;"
  "CREATE INDEX tickets_category ON tickets(category_id) WHERE category_id IS NOT NULL;"
  "CREATE INDEX tickets_status ON tickets(status_id) WHERE status_id IS NOT NULL;"
  "CREATE INDEX tickets_result ON tickets(result_id);"
  "CREATE TABLE ticket_changes ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  at INTEGER NOT NULL,"
  "  field TEXT NOT NULL,"
  "  old_value TEXT,"
  "  new_value TEXT);"
  "CREATE INDEX ticket_changes_ticket ON ticket_changes(ticket_id, id);"
  "CREATE TABLE ticket_comments ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX ticket_comments_ticket ON ticket_comments(ticket_id, id);"
  "ALTER TABLE contact_records ADD COLUMN ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL;"
  "CREATE INDEX contact_records_ticket ON contact_records(ticket_id) WHERE ticket_id IS NOT NULL;",
  /* 10: a SIP password per desktop session (its HA1): the app registers with it, never
   * with the agent's own extension password, and it dies with the session. */
  "ALTER TABLE sessions ADD COLUMN sip_ha1 TEXT;",
  /* 11: product types (set-up data) and the orders that use them (C13); a customer's related
   * contacts (C14) with their phone as typed and its digits; customer appointments (C17),
   * one per customer and agent; SMS sent to customers (C10) with the gateway's outcome. */
  "CREATE TABLE product_types ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  UNIQUE (client_id, name));"
  "CREATE TABLE customer_orders ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  product_name TEXT NOT NULL,"
  "  product_type_id INTEGER NOT NULL REFERENCES product_types(id) ON DELETE RESTRICT,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  invoice_number TEXT NOT NULL DEFAULT '',"
  "  tracking_number TEXT NOT NULL DEFAULT '',"
  "  contact_person TEXT NOT NULL DEFAULT '',"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  address TEXT NOT NULL DEFAULT '',"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX customer_orders_customer ON customer_orders(customer_id, id);"
  "CREATE INDEX customer_orders_product_type ON customer_orders(product_type_id);"
  "CREATE TABLE related_contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  name TEXT NOT NULL,"
  "  relation TEXT NOT NULL DEFAULT '',"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  phone_normalized TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  note TEXT NOT NULL DEFAULT '',"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX related_contacts_customer ON related_contacts(customer_id, name);"
  "CREATE TABLE customer_appointments ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  agent_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  due_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (customer_id, agent_id));"
  "CREATE INDEX customer_appointments_agent ON customer_appointments(agent_id, due_at);"
  "CREATE INDEX customer_appointments_client ON customer_appointments(client_id, due_at);"
  "CREATE TABLE customer_sms ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  phone TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  gateway TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),"
  "  error TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX customer_sms_customer ON customer_sms(customer_id, id);"
  "CREATE INDEX customer_sms_queued ON customer_sms(id) WHERE state = 'queued';",

  /* 12: lists, dashboard and approvals (C6, C19–C22, D5, D6). The task a contact record
   * counts for (D5, D6): its call's, else its customer's when it is saved — a trigger fills
   * it so that every writer of records gets it and a later move of the customer does not
   * change past days. Indexes for the day's counts per agent and per task, and for an
   * agent's calls by time (C22). Do-not-call and blacklist requests on a phone number of a
   * customer (C6): the approved ones are looked up by the SIP layer by normalized number;
   * at most one pending or approved request of a kind per number. */
  "ALTER TABLE contact_records ADD COLUMN task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL;"
  "UPDATE contact_records SET task_id = coalesce("
  "  (SELECT k.task_id FROM calls k WHERE k.id = contact_records.call_id),"
  "  (SELECT c.task_id FROM customers c WHERE c.id = contact_records.customer_id));"
  "CREATE TRIGGER contact_records_task AFTER INSERT ON contact_records WHEN NEW.task_id IS NULL"
  " BEGIN UPDATE contact_records SET task_id = coalesce("
  "  (SELECT k.task_id FROM calls k WHERE k.id = NEW.call_id),"
  "  (SELECT c.task_id FROM customers c WHERE c.id = NEW.customer_id)) WHERE id = NEW.id; END;"
  "CREATE INDEX contact_records_author_day ON contact_records(author_id, created_at);"
  "CREATE INDEX contact_records_task_success ON contact_records(task_id, created_at)"
  "  WHERE funnel = 'success';"
  "CREATE INDEX calls_agent_offered ON calls(agent_id, offered_at);"
  "CREATE INDEX call_legs_user_started ON call_legs(user_id, started_at);"
  "CREATE TABLE number_requests ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('do_not_call', 'blacklist')),"
  "  number TEXT NOT NULL,"
  "  normalized TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  requester_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),"
  "  reviewer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  review_reason TEXT NOT NULL DEFAULT '',"
  "  reviewed_at INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX number_requests_live ON number_requests(client_id, normalized, kind)"
  "  WHERE state IN ('pending', 'approved');"
  "CREATE INDEX number_requests_blocked ON number_requests(client_id, normalized)"
  "  WHERE state = 'approved';"
  "CREATE INDEX number_requests_pending ON number_requests(client_id, created_at, id)"
  "  WHERE state = 'pending';"
  "CREATE INDEX number_requests_customer ON number_requests(customer_id, id);"
  "CREATE INDEX customer_notes_pending_age ON customer_notes(client_id, created_at, id)"
  "  WHERE review_state = 'pending';",
  /* 13: a binding made with a desktop session's SIP password ends with that session. */
  "ALTER TABLE sip_bindings ADD COLUMN session_id INTEGER;"
  "CREATE INDEX sip_bindings_session ON sip_bindings(session_id) WHERE session_id IS NOT NULL;"
  "CREATE TRIGGER sessions_end_bindings AFTER DELETE ON sessions BEGIN"
  "  DELETE FROM sip_bindings WHERE session_id = OLD.id;"
  " END;",

  /* 14: questionnaires (C18): one per task, its questions with ids that stay the same across
   * edits (a removed question is kept, marked, for the answers that name it; a question's
   * type never changes); answers per contact record, a JSON value each, with the
   * questionnaire for the export. Customer imports (CSV) as jobs with their progress and
   * the lines they rejected. My customers in id order without a sort, the rows a page skips
   * checked in the index alone (bench/customers.sh: 20 ms a page with 10,000 of 1,000,000,
   * when the planner walked the client's index). */
  "CREATE TABLE questionnaires ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  task_id INTEGER NOT NULL UNIQUE REFERENCES tasks(id) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE questionnaire_questions ("
  "  id INTEGER PRIMARY KEY,"
  "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  type TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'text', 'number', 'date')),"
  "  label TEXT NOT NULL,"
  "  required INTEGER NOT NULL DEFAULT 0,"
  "  choices TEXT NOT NULL DEFAULT '[]',"
  "  removed INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX questionnaire_questions_questionnaire ON questionnaire_questions(questionnaire_id, position);"
  "CREATE TABLE contact_record_answers ("
  "  contact_record_id INTEGER NOT NULL REFERENCES contact_records(id) ON DELETE CASCADE,"
  "  question_id INTEGER NOT NULL REFERENCES questionnaire_questions(id) ON DELETE CASCADE,"
  "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (contact_record_id, question_id));"
  "CREATE INDEX contact_record_answers_questionnaire ON contact_record_answers(questionnaire_id, contact_record_id);"
  "CREATE INDEX contact_record_answers_question ON contact_record_answers(question_id);"
  "CREATE TABLE import_jobs ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  package_id INTEGER NOT NULL REFERENCES customer_packages(id) ON DELETE CASCADE,"
  "  task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),"
  "  lines_total INTEGER NOT NULL DEFAULT 0,"
  "  lines_done INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0,"
  "  progress REAL NOT NULL DEFAULT 0,"
  "  message TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  finished_at INTEGER);"
  "CREATE INDEX import_jobs_client ON import_jobs(client_id, id);"
  "CREATE INDEX customers_owner_id ON customers(owner_id, id, client_id, task_id);"
  "CREATE TABLE import_job_lines ("
  "  job_id INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,"
  "  line INTEGER NOT NULL,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('rejected', 'skipped')),"
  "  reason TEXT NOT NULL,"
  "  PRIMARY KEY (job_id, line));",

  /* 15: call recordings (C15): the agent's softphone records the call and uploads the Ogg
   * file, kept in the data folder's recordings/ under the call's id; a row says it is
   * there. One per call. */
  "CREATE TABLE call_recordings ("
  "  call_id INTEGER PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  size INTEGER NOT NULL,"
  "  duration INTEGER,"
  "  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  uploaded_at INTEGER NOT NULL);",

  /* 16: chat (S14) and leader push messages (S15). A group's chat is a conversation with its
   * group_id: its members are the group's (group_members), so they follow the group. A
   * direct conversation has two users (user_a < user_b) of one client. client_msg_id makes
   * a message sent twice (the outbox retrying) stored once. A group has at most one fixed
   * push message; temporary ones are never stored. */
  "CREATE TABLE chat_conversations ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  group_id INTEGER UNIQUE REFERENCES agent_groups(id) ON DELETE CASCADE,"
  "  user_a INTEGER REFERENCES users(id) ON DELETE CASCADE,"
  "  user_b INTEGER REFERENCES users(id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  CHECK ((group_id IS NULL) = (user_a IS NOT NULL AND user_b IS NOT NULL AND user_a < user_b)),"
  "  UNIQUE (user_a, user_b));"
  "CREATE INDEX chat_conversations_user_b ON chat_conversations(user_b);"
  "CREATE TABLE chat_messages ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,"
  "  sender_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  client_msg_id TEXT,"
  "  text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX chat_messages_conversation ON chat_messages(conversation_id, id);"
  "CREATE UNIQUE INDEX chat_messages_client_msg ON chat_messages(sender_id, client_msg_id)"
  "  WHERE client_msg_id IS NOT NULL;"
  "CREATE TABLE chat_reads ("
  "  conversation_id INTEGER NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  last_read_id INTEGER NOT NULL,"
  "  PRIMARY KEY (conversation_id, user_id));"
  "CREATE TABLE chat_pushes ("
  "  group_id INTEGER PRIMARY KEY REFERENCES agent_groups(id) ON DELETE CASCADE,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  sender_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);",
  /* 17: notifications (S13): one per user, newest first, the unread ones found by user; a
   * reference (kind and id) to what it is about, and the customer to open. to-dos (D4): one
   * row per assignee, with who made it. Announcements (S17) to the whole client or to
   * groups (recipients are the groups' members when they read), a seen mark per user. */
  "CREATE TABLE notifications ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  body TEXT NOT NULL DEFAULT '',"
  "  ref_type TEXT NOT NULL DEFAULT '',"
  "  ref_id INTEGER,"
  "  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,"
  "  read_at INTEGER,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX notifications_user ON notifications(user_id, id);"
  "CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read_at IS NULL;"
  "CREATE TABLE todos ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  creator_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  assignee_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  title TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  due_at INTEGER,"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX todos_assignee ON todos(assignee_id, id);"
  "CREATE INDEX todos_creator ON todos(creator_id, id);"
  "CREATE TABLE announcements ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  title TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  whole_client INTEGER NOT NULL DEFAULT 0,"
  "  published_at INTEGER NOT NULL);"
  "CREATE INDEX announcements_client ON announcements(client_id, id);"
  "CREATE INDEX announcements_author ON announcements(author_id, id);"
  "CREATE TABLE announcement_groups ("
  "  announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,"
  "  group_id INTEGER NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (announcement_id, group_id));"
  "CREATE INDEX announcement_groups_group ON announcement_groups(group_id, announcement_id);"
  "CREATE TABLE announcement_seen ("
  "  announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  seen_at INTEGER NOT NULL,"
  "  PRIMARY KEY (announcement_id, user_id));",
  /* 18: knowledge base (S10–S12). Categories are set-up data; items are submitted by anyone
   * of the client and reviewed like pop-up warnings; attachments are files in the data
   * folder's knowledge/ under the attachment's id. Two full-text indexes hold the approved
   * items only (rowid = item id): kb_fts with the trigram tokenizer for queries of three
   * characters or more, kb_chars with one token per character (the texts are stored with
   * U+001F between characters) for shorter ones, searched as phrases. kb_history: the items
   * a user opened, the last time. */
  "CREATE TABLE kb_categories ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (client_id, name));"
  "CREATE TABLE kb_items ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  question TEXT NOT NULL,"
  "  keywords TEXT NOT NULL DEFAULT '',"
  "  answer TEXT NOT NULL,"
  "  valid_until INTEGER,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),"
  "  reviewer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  review_reason TEXT NOT NULL DEFAULT '',"
  "  reviewed_at INTEGER,"
  "  opened INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX kb_items_author ON kb_items(author_id, id);"
  "CREATE INDEX kb_items_pending ON kb_items(client_id, id) WHERE state = 'pending';"
  "CREATE INDEX kb_items_approved ON kb_items(client_id, updated_at) WHERE state = 'approved';"
  "CREATE TABLE kb_item_categories ("
  "  item_id INTEGER NOT NULL REFERENCES kb_items(id) ON DELETE CASCADE,"
  "  category_id INTEGER NOT NULL REFERENCES kb_categories(id) ON DELETE RESTRICT,"
  "  PRIMARY KEY (item_id, category_id));"
  "CREATE INDEX kb_item_categories_category ON kb_item_categories(category_id, item_id);"
  "CREATE TABLE kb_attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  item_id INTEGER NOT NULL REFERENCES kb_items(id) ON DELETE CASCADE,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX kb_attachments_item ON kb_attachments(item_id, id);"
  "CREATE TABLE kb_history ("
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  item_id INTEGER NOT NULL REFERENCES kb_items(id) ON DELETE CASCADE,"
  "  opened_at INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, item_id));"
  "CREATE INDEX kb_history_recent ON kb_history(user_id, opened_at);"
  "CREATE VIRTUAL TABLE kb_fts USING fts5(question, keywords, answer, files, tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE kb_chars USING fts5(question, keywords, answer, files,"
  " tokenize = 'unicode61 remove_diacritics 0');",

  /* 19 (issue 9, set-up): the client admin sets up people and queues in the app: a user can be
   * disabled (no login, no session); groups (with their queue settings and members) and
   * pause reasons get versions for edits. */
  "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE agent_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE pause_reasons ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",

  /* 20 (issue 9, reports): the agents' state history (R2, R4): one row per stretch of a state,
   * written by the server as an agent's state or pause reason changes; ended_at NULL while
   * it lasts. Times are real µs, as call records. Indexes for a period's facts. */
  "CREATE TABLE agent_state_log ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL,"
  "  pause_reason_id INTEGER REFERENCES pause_reasons(id) ON DELETE SET NULL,"
  "  started_at INTEGER NOT NULL,"
  "  ended_at INTEGER);"
  "CREATE INDEX agent_state_log_open ON agent_state_log(user_id) WHERE ended_at IS NULL;"
  "CREATE INDEX agent_state_log_period ON agent_state_log(client_id, ended_at);"
  /* the period's calls and success records of a client */
  "CREATE INDEX calls_client_offered ON calls(client_id, offered_at);"
  "CREATE INDEX contact_records_success_day ON contact_records(created_at) WHERE funnel = 'success';",

  /* 21 (issue 9, approvals): who a leader acted for (R3) in the audit log, read per client; an
   * agent's contact records for their work view */
  "ALTER TABLE audit_log ADD COLUMN on_behalf_of INTEGER REFERENCES users(id) ON DELETE SET NULL;"
  "CREATE INDEX audit_log_client ON audit_log(client_id, id);"
  "CREATE INDEX contact_records_author ON contact_records(author_id, id);",
};

sqlite3 *
wcc_store_get_db (WccStore *self)
{
  return self->db;
}

WccStoreCallQueue *
wcc_store_get_call_queue (WccStore *self)
{
  return self->call_queue;
}

gboolean
wcc_store_set_sqlite_error (WccStore    *self,
                  GError     **error,
                  const char  *what)
{
  int code = sqlite3_extended_errcode (self->db);
  WccErrorCode wcc_code = WCC_ERROR_INTERNAL;

  /* What a user can be told (the API's message): a taken name or number, or a record still
   * in use; SQLite's own words (table and column names) only go to the log. */
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_debug ("%s: %s", what, sqlite3_errmsg (self->db));
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("%s: the name or number is taken already"), what);
      return FALSE;
    }
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY || code == SQLITE_CONSTRAINT_TRIGGER)
    {
      g_debug ("%s: %s", what, sqlite3_errmsg (self->db));
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("%s: other records depend on it, or it names one that does not exist"), what);
      return FALSE;
    }
  if ((code & 0xff) == SQLITE_CONSTRAINT)
    wcc_code = WCC_ERROR_CONFLICT;
  else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    wcc_code = WCC_ERROR_UNAVAILABLE;
  g_set_error (error, WCC_ERROR, wcc_code, "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

/* Statements are prepared once per SQL text (a static string) and reused. */
sqlite3_stmt *
wcc_store_prepare (WccStore   *self,
         const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        g_error ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  return stmt;
}

/* Binds arguments by a type string: 'i' gint64, 's' const char * (NULL binds NULL),
 * 'b' GBytes * (NULL binds NULL). */
sqlite3_stmt *
wcc_store_prepare_bind (WccStore   *self,
              const char *sql,
              const char *types,
              ...)
{
  sqlite3_stmt *stmt = wcc_store_prepare (self, sql);
  va_list args;

  va_start (args, types);
  for (int i = 0; types[i]; i++)
    {
      switch (types[i])
        {
        case 'i':
          sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        case 's':
          {
            const char *s = va_arg (args, const char *);
            if (s)
              sqlite3_bind_text (stmt, i + 1, s, -1, SQLITE_TRANSIENT);
            else
              sqlite3_bind_null (stmt, i + 1);
          }
          break;
        case 'b':
          {
            GBytes *b = va_arg (args, GBytes *);
            gsize len = 0;
            const void *data = b ? g_bytes_get_data (b, &len) : NULL;
            if (b)
              sqlite3_bind_blob64 (stmt, i + 1, data ? data : "", len, SQLITE_TRANSIENT);
            else
              sqlite3_bind_null (stmt, i + 1);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (args);
  return stmt;
}

/* Runs a statement that returns no rows. */
gboolean
wcc_store_step_done (WccStore      *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return wcc_store_set_sqlite_error (self, error, what);
  return TRUE;
}

char *
wcc_store_column_strdup (sqlite3_stmt *stmt,
               int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);
  return g_strdup (text ? (const char *) text : "");
}

gint64
wcc_store_query_int (WccStore     *self,
           sqlite3_stmt *stmt,
           gint64        fallback)
{
  gint64 value = fallback;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
wcc_store_exec (WccStore    *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, "%s", message ? message : "SQLite error");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

int
wcc_store_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

static gboolean
migrate (WccStore    *self,
         int          max_version,
         GError     **error)
{
  int version = wcc_store_get_version (self);

  if (version > wcc_store_latest_version ())
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL,
                   _("The database %s has schema version %d, newer than this wcc-server knows (%d)"),
                   self->path, version, wcc_store_latest_version ());
      return FALSE;
    }
  /* Each step and its version bump commit together, so a crash never leaves half a step. */
  for (; version < max_version; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      if (!wcc_store_exec (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!wcc_store_exec (self, migrations[version], error) || !wcc_store_exec (self, bump, error))
        {
          wcc_store_exec (self, "ROLLBACK;", NULL);
          g_prefix_error (error, _("Migration %d failed: "), version + 1);
          return FALSE;
        }
      if (!wcc_store_exec (self, "COMMIT;", error))
        return FALSE;
    }
  return TRUE;
}

static void
wcc_store_finalize (GObject *object)
{
  WccStore *self = WCC_STORE (object);

  if (self->db != NULL && self->call_queue != NULL)
    wcc_store_call_flush (self);
  g_clear_pointer (&self->call_queue, wcc_store_call_queue_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  wcc_store_checkpointer_stop (self->checkpointer, self->db);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (wcc_store_parent_class)->finalize (object);
}

static void
wcc_store_class_init (WccStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wcc_store_finalize;
}

static void
wcc_store_init (WccStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) (void (*) (void)) sqlite3_finalize);
  self->call_queue = wcc_store_call_queue_new (self);
}

WccStore *
wcc_store_open_at_version (const char  *path,
                           int          max_version,
                           GError     **error)
{
  g_autoptr(WccStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_version <= wcc_store_latest_version (), NULL);

  self = g_object_new (WCC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("Cannot open the database %s: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* Another process (a backup, `wcc-server admin`) may hold the lock briefly; wait a
   * little, never long: the server's loop runs these queries. */
  sqlite3_busy_timeout (self->db, 100);
  /* A page cache and a memory map that hold the hot part of a million customers: without
   * them each look-up read its pages again with pread (bench/customers.sh). */
  if (!wcc_store_exec (self, "PRAGMA journal_mode = WAL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA cache_size = -65536;"
                   "PRAGMA mmap_size = 1073741824;", error) ||
      !migrate (self, max_version, error))
    {
      g_prefix_error (error, _("Cannot use the database %s: "), path);
      return NULL;
    }
  self->checkpointer = wcc_store_checkpointer_start (self->db, path);
  return g_steal_pointer (&self);
}

guint
wcc_store_get_checkpoint_count (WccStore *self)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  return self->checkpointer ? wcc_store_checkpointer_count (self->checkpointer) : 0;
}

WccStore *
wcc_store_open (const char  *path,
                GError     **error)
{
  return wcc_store_open_at_version (path, wcc_store_latest_version (), error);
}

int
wcc_store_get_version (WccStore *self)
{
  g_return_val_if_fail (WCC_IS_STORE (self), -1);
  return (int) wcc_store_query_int (self, wcc_store_prepare (self, "PRAGMA user_version;"), 0);
}

const char *
wcc_store_get_path (WccStore *self)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  return self->path;
}

gboolean
wcc_store_begin (WccStore  *self,
                 GError   **error)
{
  /* Call records queued behind the routing go first: a transaction that rolls back must
   * not take them with it. */
  if (sqlite3_get_autocommit (self->db))
    wcc_store_call_flush (self);
  return wcc_store_exec (self, "BEGIN IMMEDIATE;", error);
}

gboolean
wcc_store_commit (WccStore  *self,
                  GError   **error)
{
  if (wcc_store_exec (self, "COMMIT;", error))
    return TRUE;
  wcc_store_rollback (self);
  return FALSE;
}

void
wcc_store_rollback (WccStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    wcc_store_exec (self, "ROLLBACK;", NULL);
}

void
wcc_store_client_free (WccStoreClient *client)
{
  if (client == NULL)
    return;
  g_free (client->name);
  g_free (client->display_name);
  g_free (client);
}

void
wcc_store_user_free (WccStoreUser *user)
{
  if (user == NULL)
    return;
  g_free (user->client_name);
  g_free (user->client_display_name);
  g_free (user->employee_id);
  g_free (user->surname);
  g_free (user->given_name);
  g_free (user->password_hash);
  g_free (user);
}

void
wcc_store_group_member_free (WccStoreGroupMember *member)
{
  if (member == NULL)
    return;
  g_free (member->group_name);
  g_free (member->employee_id);
  g_free (member->surname);
  g_free (member->given_name);
  g_free (member);
}

gint64
wcc_store_client_create (WccStore    *self,
                         const char  *name,
                         const char  *display_name,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  stmt = wcc_store_prepare_bind (self,
                       "INSERT INTO clients (name, display_name, created_at) VALUES (?, ?, ?);",
                       "ssi", name, display_name, g_get_real_time () / G_USEC_PER_SEC);
  if (!wcc_store_step_done (self, stmt, _("Cannot create the client"), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

WccStoreClient *
wcc_store_client_find (WccStore   *self,
                       const char *name)
{
  sqlite3_stmt *stmt;
  WccStoreClient *client = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT id, name, display_name FROM clients WHERE name = ?;",
                       "s", name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      client = g_new0 (WccStoreClient, 1);
      client->id = sqlite3_column_int64 (stmt, 0);
      client->name = wcc_store_column_strdup (stmt, 1);
      client->display_name = wcc_store_column_strdup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return client;
}

gint64
wcc_store_user_create (WccStore    *self,
                       gint64       client_id,
                       const char  *employee_id,
                       const char  *surname,
                       const char  *given_name,
                       WccRoles     roles,
                       const char  *password_hash,
                       GError     **error)
{
  g_autofree char *roles_csv = wcc_roles_to_csv (roles);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (password_hash != NULL, 0);

  stmt = wcc_store_prepare_bind (self,
                       "INSERT INTO users (client_id, employee_id, surname, given_name, roles,"
                       " password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?);",
                       "isssssii", client_id, employee_id, surname ? surname : "",
                       given_name ? given_name : "", roles_csv, password_hash, now, now);
  if (!wcc_store_step_done (self, stmt, _("Cannot create the user"), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

#define USER_COLUMNS \
  "u.id, u.client_id, c.name, c.display_name, u.employee_id, u.surname, u.given_name," \
  " u.roles, u.password_hash, EXISTS (SELECT 1 FROM user_avatars a WHERE a.user_id = u.id)," \
  " u.version, u.updated_at, u.disabled FROM users u JOIN clients c ON c.id = u.client_id"

static WccStoreUser *
read_user_row (sqlite3_stmt *stmt)
{
  WccStoreUser *user = g_new0 (WccStoreUser, 1);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->client_id = sqlite3_column_int64 (stmt, 1);
  user->client_name = wcc_store_column_strdup (stmt, 2);
  user->client_display_name = wcc_store_column_strdup (stmt, 3);
  user->employee_id = wcc_store_column_strdup (stmt, 4);
  user->surname = wcc_store_column_strdup (stmt, 5);
  user->given_name = wcc_store_column_strdup (stmt, 6);
  if (!wcc_roles_from_csv ((const char *) sqlite3_column_text (stmt, 7), &user->roles))
    user->roles = WCC_ROLE_NONE;
  user->password_hash = wcc_store_column_strdup (stmt, 8);
  user->has_avatar = sqlite3_column_int (stmt, 9) != 0;
  user->version = sqlite3_column_int64 (stmt, 10);
  user->updated_at = sqlite3_column_int64 (stmt, 11);
  user->disabled = sqlite3_column_int (stmt, 12) != 0;
  return user;
}

static WccStoreUser *
query_one_user (sqlite3_stmt *stmt)
{
  WccStoreUser *user = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    user = read_user_row (stmt);
  sqlite3_reset (stmt);
  return user;
}

WccStoreUser *
wcc_store_user_find_by_account (WccStore   *self,
                                const char *client_name,
                                const char *employee_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return query_one_user (wcc_store_prepare_bind (self,
                                       "SELECT " USER_COLUMNS
                                       " WHERE c.name = ? AND u.employee_id = ?;",
                                       "ss", client_name, employee_id));
}

WccStoreUser *
wcc_store_user_find (WccStore *self,
                     gint64    client_id,
                     gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return query_one_user (wcc_store_prepare_bind (self,
                                       "SELECT " USER_COLUMNS
                                       " WHERE u.client_id = ? AND u.id = ?;",
                                       "ii", client_id, user_id));
}

GPtrArray *
wcc_store_user_list (WccStore *self,
                     gint64    client_id,
                     gint64    after_id,
                     guint     limit)
{
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_user_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), users);

  stmt = wcc_store_prepare_bind (self,
                       "SELECT " USER_COLUMNS
                       " WHERE u.client_id = ? AND u.id > ? ORDER BY u.id LIMIT ?;",
                       "iii", client_id, after_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (users, read_user_row (stmt));
  sqlite3_reset (stmt);
  return users;
}

/* Every change to a user bumps its version, so stale edits are detected (409). */
static gboolean
check_user_changed (WccStore  *self,
                    gint64     client_id,
                    gint64     user_id,
                    gint64     expected_version,
                    GError   **error)
{
  if (sqlite3_changes (self->db) > 0)
    return TRUE;
  if (expected_version > 0 &&
      wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM users WHERE client_id = ? AND id = ?;",
                                     "ii", client_id, user_id), 0))
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT,
                 _("Someone else changed this user in the meantime"));
  else
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No such user"));
  return FALSE;
}

gboolean
wcc_store_user_update (WccStore    *self,
                       gint64       client_id,
                       gint64       user_id,
                       const char  *surname,
                       const char  *given_name,
                       const char  *password_hash,
                       gint64       expected_version,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  stmt = wcc_store_prepare_bind (self,
                       "UPDATE users SET surname = coalesce(?, surname),"
                       " given_name = coalesce(?, given_name),"
                       " password_hash = coalesce(?, password_hash),"
                       " version = version + 1, updated_at = ?"
                       " WHERE client_id = ? AND id = ? AND (? = 0 OR version = ?);",
                       "sssiiiii", surname, given_name, password_hash,
                       g_get_real_time () / G_USEC_PER_SEC, client_id, user_id,
                       expected_version, expected_version);
  if (!wcc_store_step_done (self, stmt, _("Cannot update the user"), error))
    return FALSE;
  return check_user_changed (self, client_id, user_id, expected_version, error);
}

gboolean
wcc_store_user_set_roles (WccStore  *self,
                          gint64     client_id,
                          gint64     user_id,
                          WccRoles   roles,
                          GError   **error)
{
  g_autofree char *csv = wcc_roles_to_csv (roles);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  stmt = wcc_store_prepare_bind (self,
                       "UPDATE users SET roles = ?, version = version + 1"
                       " WHERE client_id = ? AND id = ?;",
                       "sii", csv, client_id, user_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot change the roles"), error))
    return FALSE;
  return check_user_changed (self, client_id, user_id, 0, error);
}

gboolean
wcc_store_user_set_sip_ha1 (WccStore    *self,
                            gint64       client_id,
                            gint64       user_id,
                            const char  *ha1,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  stmt = wcc_store_prepare_bind (self, "UPDATE users SET sip_ha1 = ? WHERE client_id = ? AND id = ?;",
                       "sii", ha1, client_id, user_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot set the SIP password"), error))
    return FALSE;
  return check_user_changed (self, client_id, user_id, 0, error);
}

gboolean
wcc_store_user_set_avatar (WccStore  *self,
                           gint64     client_id,
                           gint64     user_id,
                           GBytes    *jpeg,
                           GError   **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_begin (self, error))
    return FALSE;
  stmt = wcc_store_prepare_bind (self,
                       "UPDATE users SET version = version + 1, updated_at = ?"
                       " WHERE client_id = ? AND id = ?;",
                       "iii", now, client_id, user_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot set the avatar"), error) ||
      !check_user_changed (self, client_id, user_id, 0, error))
    goto fail;
  if (jpeg != NULL)
    stmt = wcc_store_prepare_bind (self,
                         "INSERT INTO user_avatars (user_id, jpeg, updated_at) VALUES (?, ?, ?)"
                         " ON CONFLICT (user_id) DO UPDATE SET jpeg = excluded.jpeg,"
                         " updated_at = excluded.updated_at;",
                         "ibi", user_id, jpeg, now);
  else
    stmt = wcc_store_prepare_bind (self, "DELETE FROM user_avatars WHERE user_id = ?;", "i", user_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot set the avatar"), error))
    goto fail;
  return wcc_store_commit (self, error);

fail:
  wcc_store_rollback (self);
  return FALSE;
}

GBytes *
wcc_store_user_get_avatar (WccStore *self,
                           gint64    client_id,
                           gint64    user_id)
{
  GBytes *jpeg = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                       "SELECT a.jpeg FROM user_avatars a JOIN users u ON u.id = a.user_id"
                       " WHERE u.client_id = ? AND u.id = ?;",
                       "ii", client_id, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    jpeg = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return jpeg;
}

gint64
wcc_store_group_create (WccStore    *self,
                        gint64       client_id,
                        const char  *name,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  stmt = wcc_store_prepare_bind (self, "INSERT INTO agent_groups (client_id, name) VALUES (?, ?);",
                       "is", client_id, name);
  if (!wcc_store_step_done (self, stmt, _("Cannot create the group"), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gint64
wcc_store_group_find (WccStore   *self,
                      gint64      client_id,
                      const char *name)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return wcc_store_query_int (self,
                    wcc_store_prepare_bind (self,
                                  "SELECT id FROM agent_groups WHERE client_id = ? AND name = ?;",
                                  "is", client_id, name), 0);
}

gboolean
wcc_store_group_add_member (WccStore  *self,
                            gint64     client_id,
                            gint64     group_id,
                            gint64     user_id,
                            gboolean   is_leader,
                            GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  /* The SELECT keeps both ends inside @client_id: nothing links across tenants. */
  stmt = wcc_store_prepare_bind (self,
                       "INSERT INTO group_members (group_id, user_id, is_leader)"
                       " SELECT g.id, u.id, ? FROM agent_groups g, users u"
                       " WHERE g.id = ? AND u.id = ? AND g.client_id = ? AND u.client_id = ?"
                       " ON CONFLICT (group_id, user_id) DO UPDATE SET is_leader = excluded.is_leader;",
                       "iiiii", (gint64) (is_leader ? 1 : 0), group_id, user_id, client_id, client_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot add the group member"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No such group or user"));
      return FALSE;
    }
  return TRUE;
}

gboolean
wcc_store_group_remove_member (WccStore  *self,
                               gint64     client_id,
                               gint64     group_id,
                               gint64     user_id,
                               GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "DELETE FROM group_members WHERE user_id = ?2 AND group_id ="
                                                    " (SELECT id FROM agent_groups WHERE id = ?1 AND client_id = ?3);",
                                                    "iii", group_id, user_id, client_id),
                            _("Cannot remove the group member"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such group member"));
  return TRUE;
}

GPtrArray *
wcc_store_group_list_members (WccStore *self,
                              gint64    client_id,
                              gint64    user_id)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_group_member_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), rows);

  stmt = wcc_store_prepare_bind (self,
                       "SELECT g.id, g.name, u.id, u.employee_id, u.surname, u.given_name,"
                       " m.is_leader FROM agent_groups g"
                       " LEFT JOIN group_members m ON m.group_id = g.id"
                       " LEFT JOIN users u ON u.id = m.user_id"
                       " WHERE g.client_id = ? AND (? = 0 OR m.user_id = ?)"
                       " ORDER BY g.name, g.id, m.is_leader DESC, u.employee_id;",
                       "iii", client_id, user_id, user_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreGroupMember *row = g_new0 (WccStoreGroupMember, 1);

      row->group_id = sqlite3_column_int64 (stmt, 0);
      row->group_name = wcc_store_column_strdup (stmt, 1);
      row->user_id = sqlite3_column_int64 (stmt, 2);
      row->employee_id = wcc_store_column_strdup (stmt, 3);
      row->surname = wcc_store_column_strdup (stmt, 4);
      row->given_name = wcc_store_column_strdup (stmt, 5);
      row->is_leader = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  return rows;
}

gboolean
wcc_store_session_create (WccStore    *self,
                          gint64       user_id,
                          const char  *token_hash,
                          gint64       expires_at,
                          const char  *address,
                          GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_done (self,
                    wcc_store_prepare_bind (self,
                                  "INSERT INTO sessions (token_hash, user_id, created_at, expires_at,"
                                  " address) VALUES (?, ?, ?, ?, ?);",
                                  "siiis", token_hash, user_id,
                                  g_get_real_time () / G_USEC_PER_SEC, expires_at, address),
                    _("Cannot create the session"), error);
}

gboolean
wcc_store_session_find (WccStore        *self,
                        const char      *token_hash,
                        gint64           now,
                        WccStoreSession *out)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stmt = wcc_store_prepare_bind (self,
                       "SELECT s.id, s.user_id, u.client_id, s.expires_at FROM sessions s"
                       " JOIN users u ON u.id = s.user_id"
                       " WHERE s.token_hash = ? AND s.expires_at > ?;",
                       "si", token_hash, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      out->id = sqlite3_column_int64 (stmt, 0);
      out->user_id = sqlite3_column_int64 (stmt, 1);
      out->client_id = sqlite3_column_int64 (stmt, 2);
      out->expires_at = sqlite3_column_int64 (stmt, 3);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
wcc_store_session_is_alive (WccStore *self,
                            gint64    session_id,
                            gint64    now)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM sessions WHERE id = ? AND expires_at > ?;",
                                        "ii", session_id, now), 0) == 1;
}

gboolean
wcc_store_session_delete (WccStore *self,
                          gint64    session_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM sessions WHERE id = ?;", "i", session_id),
                  "delete session", NULL))
    return FALSE;
  return sqlite3_changes (self->db) > 0;
}

guint
wcc_store_session_delete_for_user (WccStore *self,
                                   gint64    user_id,
                                   gint64    except_session_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM sessions WHERE user_id = ? AND id != ?;",
                                      "ii", user_id, except_session_id),
                  "delete sessions", NULL))
    return 0;
  return sqlite3_changes (self->db);
}

gint64
wcc_store_login_attempt_add (WccStore        *self,
                             const char      *account,
                             const char      *address,
                             WccLoginOutcome  outcome,
                             gint64           at)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self,
                  wcc_store_prepare_bind (self,
                                "INSERT INTO login_attempts (account, address, success, outcome, at)"
                                " VALUES (?, ?, ?, ?, ?);",
                                "ssiii", account, address,
                                (gint64) (outcome == WCC_LOGIN_SUCCEEDED), (gint64) outcome, at),
                  "record login attempt", &error))
    {
      g_warning ("%s", error->message);
      return 0;
    }
  return sqlite3_last_insert_rowid (self->db);
}

void
wcc_store_login_attempt_set_outcome (WccStore        *self,
                                     gint64           attempt_id,
                                     WccLoginOutcome  outcome)
{
  g_return_if_fail (WCC_IS_STORE (self));

  wcc_store_step_done (self,
             wcc_store_prepare_bind (self,
                           "UPDATE login_attempts SET outcome = ?, success = ? WHERE id = ?;",
                           "iii", (gint64) outcome, (gint64) (outcome == WCC_LOGIN_SUCCEEDED), attempt_id),
             "record login outcome", NULL);
}

guint
wcc_store_login_failures_for_account (WccStore   *self,
                                      const char *account,
                                      gint64      since,
                                      gboolean    checked_only)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  /* Everything not known good since the last success counts: checks still running too. */
  return (guint) wcc_store_query_int (self,
                            wcc_store_prepare_bind (self,
                                          "SELECT count(*) FROM login_attempts WHERE account = ?1"
                                          " AND outcome != 3 AND (?3 = 0 OR outcome != 2) AND at >= ?2"
                                          " AND id > coalesce((SELECT max(id) FROM login_attempts"
                                          "  WHERE account = ?1 AND outcome = 3), 0);",
                                          "sii", account, since, (gint64) (checked_only ? 1 : 0)), 0);
}

guint
wcc_store_login_failures_for_address (WccStore   *self,
                                      const char *address,
                                      gint64      since)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  /* A success from the address does not reset it: one good account must not open the
   * door to guessing others. */
  return (guint) wcc_store_query_int (self,
                            wcc_store_prepare_bind (self,
                                          "SELECT count(*) FROM login_attempts WHERE address = ?"
                                          " AND outcome != 3 AND at >= ?;",
                                          "si", address, since), 0);
}

void
wcc_store_login_lock_set (WccStore   *self,
                          const char *account,
                          gint64      until)
{
  g_return_if_fail (WCC_IS_STORE (self));

  wcc_store_step_done (self,
             wcc_store_prepare_bind (self,
                           "INSERT INTO login_locks (account, locked_until) VALUES (?, ?)"
                           " ON CONFLICT (account) DO UPDATE SET locked_until = excluded.locked_until;",
                           "si", account, until),
             "lock account", NULL);
}

gint64
wcc_store_login_lock_get (WccStore   *self,
                          const char *account,
                          gint64      now)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return wcc_store_query_int (self,
                    wcc_store_prepare_bind (self,
                                  "SELECT locked_until FROM login_locks"
                                  " WHERE account = ? AND locked_until > ?;",
                                  "si", account, now), 0);
}

gboolean
wcc_store_challenge_add (WccStore    *self,
                         const char  *id,
                         const char  *answer,
                         GBytes      *png,
                         gint64       expires_at,
                         GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_done (self,
                    wcc_store_prepare_bind (self,
                                  "INSERT INTO login_challenges (id, answer, image, expires_at)"
                                  " VALUES (?, ?, ?, ?);",
                                  "ssbi", id, answer, png, expires_at),
                    _("Cannot store the challenge"), error);
}

GBytes *
wcc_store_challenge_get_image (WccStore   *self,
                               const char *id,
                               gint64      now)
{
  GBytes *png = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                       "SELECT image FROM login_challenges WHERE id = ? AND expires_at > ? AND used = 0;",
                       "si", id, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    png = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return png;
}

char *
wcc_store_challenge_take (WccStore   *self,
                          const char *id,
                          gint64      now)
{
  char *answer = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                       "UPDATE login_challenges SET used = 1"
                       " WHERE id = ? AND expires_at > ? AND used = 0 RETURNING answer;",
                       "si", id, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = wcc_store_column_strdup (stmt, 0);
  sqlite3_reset (stmt);
  return answer;
}

void
wcc_store_audit (WccStore   *self,
                 gint64      client_id,
                 gint64      user_id,
                 const char *action,
                 const char *detail,
                 const char *address)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WCC_IS_STORE (self));

  if (!wcc_store_audit_for (self, client_id, user_id, 0, action, detail, address, &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

guint
wcc_store_audit_count (WccStore   *self,
                       const char *action)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return (guint) wcc_store_query_int (self,
                            wcc_store_prepare_bind (self, "SELECT count(*) FROM audit_log WHERE action = ?;",
                                          "s", action), 0);
}

void
wcc_store_purge (WccStore *self,
                 gint64    now)
{
  g_return_if_fail (WCC_IS_STORE (self));

  wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM sessions WHERE expires_at <= ?;", "i", now),
             "purge", NULL);
  wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM login_challenges WHERE expires_at <= ?;", "i", now),
             "purge", NULL);
  wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM login_locks WHERE locked_until <= ?;", "i", now),
             "purge", NULL);
  wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM login_attempts WHERE at <= ?;", "i", now - 86400),
             "purge", NULL);
  wcc_store_idempotency_purge (self, now - WCC_IDEMPOTENCY_KEEP_SECONDS);
}
