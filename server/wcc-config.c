/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-config.c: wcc-server settings: defaults, then the --config file, then the command line. */
#define G_LOG_DOMAIN "wcc-config"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "wcc-config.h"

WccConfig *
wcc_config_new_default (void)
{
  WccConfig *config = g_new0 (WccConfig, 1);

  config->listen_address = g_strdup ("127.0.0.1");
  config->listen_port = WCC_DEFAULT_HTTP_PORT;
  config->sip_address = g_strdup ("127.0.0.1");
  config->sip_port = WCC_DEFAULT_SIP_PORT;
  config->data_dir = g_build_filename (g_get_user_data_dir (), "wcc-server", NULL);
  config->session_lifetime = 12 * 3600;
  config->event_buffer = 1024;
  config->trunks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->inbound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->sms_gateway = g_strdup ("log");
  config->sms_timeout = 10;
  return config;
}

void
wcc_config_free (WccConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen_address);
  g_free (config->sip_address);
  g_free (config->sip_tls_address);
  g_free (config->sip_certificates);
  g_free (config->https_certificate);
  g_free (config->https_key);
  g_free (config->data_dir);
  g_hash_table_unref (config->trunks);
  g_hash_table_unref (config->inbound);
  g_free (config->sms_gateway);
  g_free (config->sms_url);
  g_free (config);
}

gboolean
wcc_config_parse_listen (const char  *text,
                         char       **out_address,
                         guint16     *out_port,
                         GError     **error)
{
  const char *colon = text ? strrchr (text, ':') : NULL;
  g_autofree char *address = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  guint64 port;

  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not ADDRESS:PORT (for example 127.0.0.1:8470)"), text ? text : "");
      return FALSE;
    }
  address = g_strndup (text, colon - text);
  if (address[0] == '[' && g_str_has_suffix (address, "]"))
    {
      char *inner = g_strndup (address + 1, strlen (address) - 2);
      g_free (address);
      address = inner;
    }
  if (*address == '\0')
    {
      g_free (address);
      address = g_strdup ("0.0.0.0");
    }
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }
  *out_address = g_steal_pointer (&address);
  *out_port = (guint16) port;
  return TRUE;
}

static gboolean
read_uint (GKeyFile    *keyfile,
           const char  *group,
           const char  *key,
           guint        min,
           guint        max,
           guint       *out,
           GError     **error)
{
  g_autofree char *text = g_key_file_get_value (keyfile, group, key, NULL);
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, min, max, &value, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("[%s] %s must be a whole number from %u to %u"), group, key, min, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
is_number (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(p == text && *p == '+'))
      return FALSE;
  return TRUE;
}

static gboolean
set_trunk (WccConfig   *config,
           const char  *client,
           const char  *uri,
           GError     **error)
{
  const char *host = uri != NULL && g_str_has_prefix (uri, "sip:") ? uri + 4 : NULL;

  if (client == NULL || *client == '\0' || host == NULL || *host == '\0' || strchr (host, '@') != NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("a trunk is CLIENT=sip:HOST[:PORT], not “%s=%s”"),
                   client ? client : "", uri ? uri : "");
      return FALSE;
    }
  g_hash_table_replace (config->trunks, g_strdup (client), g_strdup (uri));
  return TRUE;
}

static gboolean
set_inbound (WccConfig   *config,
             const char  *number,
             const char  *target,
             GError     **error)
{
  const char *colon = target != NULL ? strchr (target, ':') : NULL;

  if (!is_number (number) || colon == NULL || colon == target || !is_number (colon + 1))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("an inbound number is NUMBER=CLIENT:QUEUE, not “%s=%s”"),
                   number ? number : "", target ? target : "");
      return FALSE;
    }
  g_hash_table_replace (config->inbound, g_strdup (number), g_strdup (target));
  return TRUE;
}

/* "KEY=VALUE" split at the first '='. */
static gboolean
split_assignment (const char  *text,
                  char       **key,
                  char       **value)
{
  const char *eq = text != NULL ? strchr (text, '=') : NULL;

  if (eq == NULL)
    return FALSE;
  *key = g_strstrip (g_strndup (text, eq - text));
  *value = g_strstrip (g_strdup (eq + 1));
  return TRUE;
}

gboolean
wcc_config_add_trunk (WccConfig   *config,
                      const char  *text,
                      GError     **error)
{
  g_autofree char *client = NULL;
  g_autofree char *uri = NULL;

  if (!split_assignment (text, &client, &uri))
    return set_trunk (config, text, NULL, error);
  return set_trunk (config, client, uri, error);
}

gboolean
wcc_config_add_inbound (WccConfig   *config,
                        const char  *text,
                        GError     **error)
{
  g_autofree char *number = NULL;
  g_autofree char *target = NULL;

  if (!split_assignment (text, &number, &target))
    return set_inbound (config, text, NULL, error);
  return set_inbound (config, number, target, error);
}

/* [trunks] and [inbound] have a key per client or number. */
static gboolean
load_open_groups (WccConfig  *config,
                  GKeyFile   *keyfile,
                  GError    **error)
{
  static const char *groups[] = { "trunks", "inbound" };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);

      for (guint i = 0; keys && keys[i]; i++)
        {
          g_autofree char *value = g_key_file_get_string (keyfile, groups[g], keys[i], error);
          if (value == NULL)
            return FALSE;
          g_strstrip (value);
          if (g == 0 ? !set_trunk (config, keys[i], value, error)
                     : !set_inbound (config, keys[i], value, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* [sms] gateway = log | webhook (which needs url = http(s)://…). */
static gboolean
load_sms (WccConfig  *config,
          GKeyFile   *keyfile,
          GError    **error)
{
  g_autofree char *gateway = g_key_file_get_string (keyfile, "sms", "gateway", NULL);
  g_autofree char *url = g_key_file_get_string (keyfile, "sms", "url", NULL);
  g_autoptr(GUri) uri = NULL;

  if (gateway != NULL)
    {
      g_strstrip (gateway);
      if (!g_str_equal (gateway, "log") && !g_str_equal (gateway, "webhook"))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[sms] gateway must be “log” or “webhook”, not “%s”"), gateway);
          return FALSE;
        }
      g_free (config->sms_gateway);
      config->sms_gateway = g_steal_pointer (&gateway);
    }
  if (url != NULL)
    {
      g_strstrip (url);
      uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                          g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[sms] url must be an http:// or https:// address, not “%s”"), url);
          return FALSE;
        }
      g_free (config->sms_url);
      config->sms_url = g_steal_pointer (&url);
    }
  if (g_str_equal (config->sms_gateway, "webhook") && config->sms_url == NULL)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                           _("[sms] gateway = webhook needs url"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_known_keys (GKeyFile    *keyfile,
                  GError     **error)
{
  static const struct {
    const char *group;
    const char *keys[10];
  } known[] = {
    { "server", { "listen", "https-certificate", "https-key", "sip", "sip-tls", "sip-certificates", "data-dir",
                  "demo", NULL } },
    { "sessions", { "lifetime", NULL } },
    { "events", { "buffer", NULL } },
    { "trunks", { NULL } },
    { "inbound", { NULL } },
    { "sms", { "gateway", "url", "timeout", NULL } },
  };
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint g = 0; groups[g]; g++)
    {
      g_auto(GStrv) keys = NULL;
      guint k;

      for (k = 0; k < G_N_ELEMENTS (known); k++)
        if (g_str_equal (known[k].group, groups[g]))
          break;
      if (k == G_N_ELEMENTS (known))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                       _("unknown section [%s]"), groups[g]);
          return FALSE;
        }
      if (known[k].keys[0] == NULL)
        continue;   /* any key: checked when read */
      keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);
      for (guint i = 0; keys && keys[i]; i++)
        if (!g_strv_contains (known[k].keys, keys[i]))
          {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                         _("unknown setting “%s” in [%s]"), keys[i], groups[g]);
            return FALSE;
          }
    }
  return TRUE;
}

/* A file or folder name of [server], when the file gives one, replaces *@target. */
static void
read_path (GKeyFile    *keyfile,
           const char  *key,
           char       **target)
{
  g_autofree char *value = g_key_file_get_string (keyfile, "server", key, NULL);

  if (value == NULL)
    return;
  g_free (*target);
  *target = g_strdup (g_strstrip (value));
}

gboolean
wcc_config_load_file (WccConfig   *config,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *sip = NULL;
  g_autofree char *sip_tls = NULL;

  g_return_val_if_fail (config != NULL && path != NULL, FALSE);

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error) ||
      !check_known_keys (keyfile, &local_error))
    goto fail;

  listen = g_key_file_get_string (keyfile, "server", "listen", NULL);
  if (listen != NULL)
    {
      g_free (config->listen_address);
      config->listen_address = NULL;
      if (!wcc_config_parse_listen (g_strstrip (listen), &config->listen_address,
                                    &config->listen_port, &local_error))
        goto fail;
    }
  sip = g_key_file_get_string (keyfile, "server", "sip", NULL);
  if (sip != NULL)
    {
      g_free (config->sip_address);
      config->sip_address = NULL;
      if (!wcc_config_parse_listen (g_strstrip (sip), &config->sip_address,
                                    &config->sip_port, &local_error))
        goto fail;
    }
  sip_tls = g_key_file_get_string (keyfile, "server", "sip-tls", NULL);
  if (sip_tls != NULL)
    {
      g_clear_pointer (&config->sip_tls_address, g_free);
      if (!wcc_config_parse_listen (g_strstrip (sip_tls), &config->sip_tls_address,
                                    &config->sip_tls_port, &local_error))
        goto fail;
    }
  read_path (keyfile, "sip-certificates", &config->sip_certificates);
  read_path (keyfile, "https-certificate", &config->https_certificate);
  read_path (keyfile, "https-key", &config->https_key);
  read_path (keyfile, "data-dir", &config->data_dir);
  if (g_key_file_has_key (keyfile, "server", "demo", NULL))
    {
      config->demo = g_key_file_get_boolean (keyfile, "server", "demo", &local_error);
      if (local_error != NULL)
        goto fail;
    }
  if (!read_uint (keyfile, "sessions", "lifetime", 1, 30 * 86400, &config->session_lifetime, &local_error) ||
      !read_uint (keyfile, "events", "buffer", 1, 1000000, &config->event_buffer, &local_error) ||
      !read_uint (keyfile, "sms", "timeout", 1, 300, &config->sms_timeout, &local_error) ||
      !load_open_groups (config, keyfile, &local_error) ||
      !load_sms (config, keyfile, &local_error))
    goto fail;
  return TRUE;

fail:
  g_set_error (error, local_error->domain, local_error->code,
               _("bad configuration file %s: %s"), path, local_error->message);
  return FALSE;
}

char *
wcc_config_database_path (WccConfig *config)
{
  return g_build_filename (config->data_dir, "wcc.db", NULL);
}
