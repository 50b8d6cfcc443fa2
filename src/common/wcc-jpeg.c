/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-jpeg.c: tells a JPEG by its content (avatars, D7), on the client and on the server. */
#define G_LOG_DOMAIN "wcc-jpeg"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-jpeg.h"

static gboolean
is_frame_marker (guint8 marker)
{
  /* SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

gboolean
wcc_jpeg_sniff (const guint8 *data,
                gsize         length,
                guint        *out_width,
                guint        *out_height)
{
  gsize pos = 2;
  guint width = 0, height = 0;
  gboolean have_frame = FALSE;

  if (data == NULL || length < 4 || data[0] != 0xFF || data[1] != 0xD8)
    return FALSE;

  while (pos + 4 <= length)
    {
      guint8 marker;
      gsize segment_length;

      if (data[pos] != 0xFF)
        return FALSE;
      /* Markers may be padded with extra 0xFF bytes. */
      while (pos < length && data[pos] == 0xFF)
        pos++;
      if (pos + 3 > length)
        return FALSE;
      marker = data[pos++];
      if (marker == 0xD8 || marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        return FALSE;  /* no second image start, end or restart before the scan */
      segment_length = ((gsize) data[pos] << 8) | data[pos + 1];
      if (segment_length < 2 || pos + segment_length > length)
        return FALSE;
      if (is_frame_marker (marker))
        {
          if (segment_length < 8)
            return FALSE;
          height = ((guint) data[pos + 3] << 8) | data[pos + 4];
          width = ((guint) data[pos + 5] << 8) | data[pos + 6];
          if (width == 0 || height == 0)
            return FALSE;
          have_frame = TRUE;
        }
      else if (marker == 0xDA)
        {
          if (!have_frame)
            return FALSE;
          if (out_width)
            *out_width = width;
          if (out_height)
            *out_height = height;
          return TRUE;
        }
      pos += segment_length;
    }
  return FALSE;
}

gboolean
wcc_jpeg_check_avatar (GBytes  *bytes,
                       GError **error)
{
  gsize length = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &length) : NULL;

  if (length > WCC_AVATAR_MAX_BYTES)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PAYLOAD_TOO_LARGE,
                   _("The picture is larger than 1 MB"));
      return FALSE;
    }
  if (!wcc_jpeg_sniff (data, length, NULL, NULL))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   _("The picture must be a JPEG image"));
      return FALSE;
    }
  return TRUE;
}
