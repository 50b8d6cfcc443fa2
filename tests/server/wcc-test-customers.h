/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-customers.h: the fixture of the customer work tests (test-api-customers,
 * test-api-tickets) and request helpers that assert. */
#pragma once

#include "wcc-store.h"
#include "wcc-test-api.h"

G_BEGIN_DECLS

typedef struct {
  ApiFixture  api;
  WccStore   *store;
  gint64      demo, acme;
  gint64      sales, service;         /* demo groups: Sales (1001, 1002, leader 2001), Service (1003) */
  gint64      agent2, agent3;         /* 1002@demo (Sales), 1003@demo (Service) */
  gint64      package;                /* demo package with custom fields */
  gint64      task_a, task_b;         /* demo tasks: A for Sales, B for Service */
  gint64      acme_package, acme_task, acme_customer;
  char       *agent, *leader, *admin, *t_agent2, *t_agent3, *t_acme, *t_acme_admin;
} Fixture;

gint64       add_user            (Fixture      *fixture,
                                  gint64        client_id,
                                  const char   *employee_id,
                                  WccRoles      roles,
                                  gint64        group_id);
gint64       add_task            (Fixture      *fixture,
                                  gint64        client_id,
                                  gint64        package_id,
                                  const char   *name,
                                  gint64        group_id);
/* A customer written by the store, as an import would. */
gint64       add_customer        (Fixture      *fixture,
                                  gint64        client_id,
                                  gint64        package_id,
                                  gint64        task_id,
                                  gint64        owner_id,
                                  const char   *company,
                                  const char   *phone);
gint64       owner_of            (Fixture      *fixture,
                                  gint64        customer_id);
/* A call result made by demo's admin over the API. */
gint64       make_result         (Fixture      *fixture,
                                  const char   *label,
                                  const char   *funnel,
                                  const char   *call_state);
/* @data: the text of a configuration file for the server, or NULL. */
void         fixture_setup       (Fixture      *fixture,
                                  gconstpointer data);
void         fixture_teardown    (Fixture      *fixture,
                                  gconstpointer data);
/* A request whose status must be @status; the response for more checks. */
ApiResponse *expect              (Fixture      *fixture,
                                  const char   *method,
                                  const char   *path,
                                  const char   *token,
                                  const char   *body,
                                  guint         status);
/* Sends the request twice with one Idempotency-Key @key: both answers must be @status
 * and the same, the second marked replayed. */
void         expect_retried_once (Fixture      *fixture,
                                  const char   *method,
                                  const char   *path,
                                  const char   *token,
                                  const char   *body,
                                  const char   *key,
                                  guint         status);
/* Is @id in @array (of ids, or of objects with an "id")? */
gboolean     id_in               (JsonArray    *array,
                                  gint64        id);
JsonArray   *items_of            (ApiResponse  *response);
gint64       count_rows          (Fixture      *fixture,
                                  const char   *table);

/* Role and tenant matrices over endpoints: each request runs on fresh records, named in
 * its path and body by placeholders ("{C}") and a unique suffix ("{S}"). */
typedef struct {
  const char *method;
  const char *path;
  const char *body;
  guint       agent, leader, admin;   /* the status each of demo's roles gets */
} ApiEndpoint;

typedef struct {
  const char *name;                   /* "{C}" */
  gint64      value;
} ApiPlaceholder;

#define API_MAX_PLACEHOLDERS 12

/* Makes the records of one round; returns how many placeholders it filled. */
typedef guint (*ApiMakeRecords)    (Fixture        *fixture,
                                    guint           round,
                                    ApiPlaceholder *out);
/* After acme's request @response on the round's records: demo's are unchanged. */
typedef void  (*ApiCheckUnchanged) (Fixture              *fixture,
                                    const ApiPlaceholder *records,
                                    guint                 n_records,
                                    ApiResponse          *response);

char        *format_endpoint_text (const char  *format,
                                  const ApiPlaceholder *records,
                                  guint         n_records,
                                  const char   *suffix);
/* The value of placeholder @name ("{C}") among @records; it must be there. */
gint64       record_of           (const ApiPlaceholder *records,
                                  guint         n_records,
                                  const char   *name);
/* Each endpoint as demo's agent, leader and admin: the status of the table. */
void         run_role_matrix     (Fixture      *fixture,
                                  const ApiEndpoint *endpoints,
                                  guint         n_endpoints,
                                  ApiMakeRecords make);
/* Each endpoint as acme's agent and admin: 404 for anything naming demo's records (403 is
 * allowed for acme's agent), no demo record named "Target…" in any answer, @check. */
void         run_tenant_isolation (Fixture     *fixture,
                                  const ApiEndpoint *endpoints,
                                  guint         n_endpoints,
                                  ApiMakeRecords make,
                                  ApiCheckUnchanged check);

/* Every statement the server prepared whose SQL has @marker searches by indexes (no full
 * scan of customers, calls, contact records …), one of them @required_index (or NULL). */
void         assert_plan_uses_indexes (Fixture    *f,
                                  const char   *marker,
                                  const char   *required_index);

G_END_DECLS
