/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tls-directory.c: the phone's TLS certificate directory: owner-only files, the trusted
 * authorities it gathers (and nothing else from their files), a fresh key of its own, refusals. */
#define G_LOG_DOMAIN "test-tls-directory"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "wcc-error.h"
#include "wcc-test-util.h"
#include "wcc-tls-directory.h"

static char *
read_file (const char *directory,
           const char *name)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static guint
file_mode (const char *directory,
           const char *name)
{
  g_autofree char *path = name ? g_build_filename (directory, name, NULL) : g_strdup (directory);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A company authority only (no system bundle): cafile.pem holds its certificate and not the
 * private key that came in the same file; agent.pem a key and a certificate; all owner-only;
 * each run a new key; removing leaves nothing. */
static void
test_company_authority (void)
{
  g_autofree char *certificates = wcc_test_make_certificate_dir ();
  g_autofree char *parent = wcc_test_make_temp_dir ();
  g_autofree char *runtime = g_build_filename (parent, "run", "wcc-agent", NULL);
  /* agent.pem of the throwaway authority: its key and its certificate in one file. */
  g_autofree char *mixed = g_build_filename (certificates, "agent.pem", NULL);
  g_autofree char *authority = read_file (certificates, "cafile.pem");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = wcc_tls_directory_create (runtime, FALSE, mixed, &error);
  g_autofree char *second = NULL;
  g_autofree char *cafile = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *other_agent = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, runtime));
  g_assert_cmpuint (file_mode (runtime, NULL), ==, 0700);
  g_assert_cmpuint (file_mode (first, NULL), ==, 0700);
  g_assert_cmpuint (file_mode (first, "cafile.pem"), ==, 0600);
  g_assert_cmpuint (file_mode (first, "agent.pem"), ==, 0600);
  cafile = read_file (first, "cafile.pem");
  g_assert_cmpstr (cafile, ==, authority);
  g_assert_null (strstr (cafile, "PRIVATE KEY"));
  agent = read_file (first, "agent.pem");
  g_assert_cmpuint (count (agent, "-----BEGIN PRIVATE KEY-----"), ==, 1);
  g_assert_cmpuint (count (agent, "-----BEGIN CERTIFICATE-----"), ==, 1);

  second = wcc_tls_directory_create (runtime, FALSE, mixed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  other_agent = read_file (second, "agent.pem");
  g_assert_cmpstr (agent, !=, other_agent);

  wcc_tls_directory_remove (first);
  wcc_tls_directory_remove (second);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  wcc_test_remove_dir (parent);
  wcc_test_remove_dir (certificates);
}

/* The system's bundle and a company authority together; the async variant. */
static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = wcc_tls_directory_create_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_system_and_company (void)
{
  g_autofree char *certificates = wcc_test_make_certificate_dir ();
  g_autofree char *parent = wcc_test_make_temp_dir ();
  g_autofree char *company = g_build_filename (certificates, "cafile.pem", NULL);
  g_autofree char *authority = read_file (certificates, "cafile.pem");
  g_autofree char *system = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *cafile = NULL;

  if (!g_file_get_contents (wcc_tls_system_ca_file (), &system, NULL, NULL))
    {
      g_test_skip ("no system certificate bundle");
      return;
    }
  wcc_tls_directory_create_async (parent, TRUE, company, NULL, on_created, &directory);
  while (directory == NULL)
    g_main_context_iteration (NULL, TRUE);
  cafile = read_file (directory, "cafile.pem");
  g_assert_true (g_str_has_suffix (cafile, authority));
  g_assert_cmpuint (count (cafile, "-----BEGIN CERTIFICATE-----"), ==,
                    count (system, "-----BEGIN CERTIFICATE-----") + 1);
  wcc_tls_directory_remove (directory);
  wcc_test_remove_dir (parent);
  wcc_test_remove_dir (certificates);
}

/* A file with no certificate, a missing file, no authority at all: refused, nothing made. */
static void
test_refusals (void)
{
  g_autofree char *parent = wcc_test_make_temp_dir ();
  g_autofree char *runtime = g_build_filename (parent, "run", NULL);
  g_autofree char *not_pem = g_build_filename (parent, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (parent, "missing.pem", NULL);
  g_autoptr(GError) error = NULL;
  char *directory;

  g_assert_true (g_file_set_contents (not_pem, "just some text\n", -1, NULL));
  directory = wcc_tls_directory_create (runtime, FALSE, not_pem, &error);
  g_assert_null (directory);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "no certificate"));
  g_clear_error (&error);

  directory = wcc_tls_directory_create (runtime, FALSE, missing, &error);
  g_assert_null (directory);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  directory = wcc_tls_directory_create (runtime, FALSE, NULL, &error);
  g_assert_null (directory);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_assert_false (g_file_test (runtime, G_FILE_TEST_EXISTS));
  wcc_test_remove_dir (parent);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (30);
  g_test_add_func ("/tls-directory/company-authority", test_company_authority);
  g_test_add_func ("/tls-directory/system-and-company", test_system_and_company);
  g_test_add_func ("/tls-directory/refusals", test_refusals);
  return g_test_run ();
}
