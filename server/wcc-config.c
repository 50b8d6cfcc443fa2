/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-config.c: wcc-server settings: defaults, then the --config file, then the command line. */
#define G_LOG_DOMAIN "wcc-config"

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
  return config;
}

void
wcc_config_free (WccConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen_address);
  g_free (config->sip_address);
  g_free (config->data_dir);
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
check_known_keys (GKeyFile    *keyfile,
                  GError     **error)
{
  static const struct {
    const char *group;
    const char *keys[5];
  } known[] = {
    { "server", { "listen", "sip", "data-dir", "demo", NULL } },
    { "sessions", { "lifetime", NULL } },
    { "events", { "buffer", NULL } },
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

gboolean
wcc_config_load_file (WccConfig   *config,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *sip = NULL;
  g_autofree char *data_dir = NULL;

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
  data_dir = g_key_file_get_string (keyfile, "server", "data-dir", NULL);
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_strdup (g_strstrip (data_dir));
    }
  if (g_key_file_has_key (keyfile, "server", "demo", NULL))
    {
      config->demo = g_key_file_get_boolean (keyfile, "server", "demo", &local_error);
      if (local_error != NULL)
        goto fail;
    }
  if (!read_uint (keyfile, "sessions", "lifetime", 1, 30 * 86400, &config->session_lifetime, &local_error) ||
      !read_uint (keyfile, "events", "buffer", 1, 1000000, &config->event_buffer, &local_error))
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
