/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-push-banner.c: the leaders' push messages (S15) at the top of the main window. */
#define G_LOG_DOMAIN "wcc-push-banner"

#include <glib/gi18n.h>

#include "wcc-push-banner.h"

/* Marquee speed, pixels a second. */
#define SCROLL_SPEED 60.0

struct _WccPushBanner
{
  AdwBin             parent_instance;

  GtkRevealer       *revealer;
  GtkScrolledWindow *marquee;
  GtkLabel          *fixed_label;
  GtkBox            *temporary_box;

  WccChat           *chat;
  guint              tick_id;
  gint64             last_frame;   /* µs, of the last tick */
};

G_DEFINE_FINAL_TYPE (WccPushBanner, wcc_push_banner, ADW_TYPE_BIN)

static void
update_revealed (WccPushBanner *self)
{
  gboolean fixed = *gtk_label_get_label (self->fixed_label) != '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->marquee), fixed);
  gtk_revealer_set_reveal_child (self->revealer,
                                 fixed || gtk_widget_get_first_child (GTK_WIDGET (self->temporary_box)) != NULL);
}

/* Moves the fixed text left; from the start again once it has gone by. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  WccPushBanner *self = WCC_PUSH_BANNER (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->marquee);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double step = self->last_frame ? (now - self->last_frame) * SCROLL_SPEED / G_USEC_PER_SEC : 0;
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double value = gtk_adjustment_get_value (adjustment) + step;
  int width = gtk_widget_get_width (GTK_WIDGET (self->marquee));

  /* Margins as wide as the banner: the text comes in at the right, leaves at the left. */
  if (width > 0 && gtk_widget_get_margin_start (GTK_WIDGET (self->fixed_label)) != width)
    {
      gtk_widget_set_margin_start (GTK_WIDGET (self->fixed_label), width);
      gtk_widget_set_margin_end (GTK_WIDGET (self->fixed_label), width);
    }
  self->last_frame = now;
  gtk_adjustment_set_value (adjustment, value >= end ? 0 : value);
  return G_SOURCE_CONTINUE;
}

static void
on_pushes_changed (WccPushBanner *self)
{
  GListModel *pushes = wcc_chat_get_fixed_pushes (self->chat);
  guint n = g_list_model_get_n_items (pushes);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) push = g_list_model_get_item (pushes, i);

      if (text->len > 0)
        g_string_append (text, "        •        ");
      /* TRANSLATORS: a leader's fixed push message: "Sender: text". */
      g_string_append_printf (text, _("%s: %s"), wcc_record_get_string (push, "sender_name"),
                              wcc_record_get_string (push, "text"));
    }
  gtk_label_set_label (self->fixed_label, text->str);
  if (text->len > 0 && self->tick_id == 0)
    {
      self->last_frame = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
    }
  else if (text->len == 0 && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  update_revealed (self);
}

static gboolean
on_temporary_over (gpointer user_data)
{
  GtkWidget *label = user_data;
  WccPushBanner *self = WCC_PUSH_BANNER (gtk_widget_get_ancestor (label, WCC_TYPE_PUSH_BANNER));

  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (label)), label);
  if (self != NULL)
    update_revealed (self);
  return G_SOURCE_REMOVE;
}

static void
on_temporary_push (WccPushBanner *self,
                   WccRecord     *push)
{
  g_autofree char *text = g_strdup_printf (_("%s: %s"), wcc_record_get_string (push, "sender_name"),
                                           wcc_record_get_string (push, "text"));
  GtkWidget *label = gtk_label_new (text);
  guint seconds = (guint) CLAMP (wcc_record_get_int (push, "duration", 30), 1, 3600);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (self->temporary_box, label);
  /* The label is the box's: the timeout keeps it until it removes it. */
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, on_temporary_over, g_object_ref (label), g_object_unref);
  update_revealed (self);
}

void
wcc_push_banner_set_chat (WccPushBanner *self,
                          WccChat       *chat)
{
  g_return_if_fail (WCC_IS_PUSH_BANNER (self));
  g_return_if_fail (WCC_IS_CHAT (chat));

  g_set_object (&self->chat, chat);
  g_signal_connect_object (wcc_chat_get_fixed_pushes (chat), "items-changed", G_CALLBACK (on_pushes_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (chat, "temporary-push", G_CALLBACK (on_temporary_push), self, G_CONNECT_SWAPPED);
  on_pushes_changed (self);
}

const char *
wcc_push_banner_get_fixed_text (WccPushBanner *self)
{
  g_return_val_if_fail (WCC_IS_PUSH_BANNER (self), NULL);
  return gtk_label_get_label (self->fixed_label);
}

guint
wcc_push_banner_get_n_temporary (WccPushBanner *self)
{
  guint n = 0;

  g_return_val_if_fail (WCC_IS_PUSH_BANNER (self), 0);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->temporary_box)); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

gboolean
wcc_push_banner_get_revealed (WccPushBanner *self)
{
  g_return_val_if_fail (WCC_IS_PUSH_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

static void
wcc_push_banner_dispose (GObject *object)
{
  WccPushBanner *self = WCC_PUSH_BANNER (object);

  g_clear_object (&self->chat);
  G_OBJECT_CLASS (wcc_push_banner_parent_class)->dispose (object);
}

static void
wcc_push_banner_class_init (WccPushBannerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wcc_push_banner_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-push-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, WccPushBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, WccPushBanner, marquee);
  gtk_widget_class_bind_template_child (widget_class, WccPushBanner, fixed_label);
  gtk_widget_class_bind_template_child (widget_class, WccPushBanner, temporary_box);
}

static void
wcc_push_banner_init (WccPushBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
