/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-demo-customers.c: the demo client's customer set-up and made-up customers with
 * Japanese and Chinese names and numbers, the same every time (a fixed seed). */
#define G_LOG_DOMAIN "wcc-demo"

#include <glib/gi18n-lib.h>

#include "wcc-demo.h"
#include "wcc-phone-number.h"
#include "wcc-store-approvals.h"
#include "wcc-store-orders.h"

#define DEMO_SEED 20261127
#define DEMO_OWNED_EVERY 8   /* one demo customer in this many belongs to an agent */

typedef struct {
  const char *name;
  const char *reading;
} Name;

static const Name japanese_surnames[] = {
  { "佐藤", "さとう" }, { "鈴木", "すずき" }, { "高橋", "たかはし" }, { "田中", "たなか" },
  { "伊藤", "いとう" }, { "渡辺", "わたなべ" }, { "山本", "やまもと" }, { "中村", "なかむら" },
  { "小林", "こばやし" }, { "加藤", "かとう" }, { "吉田", "よしだ" }, { "山田", "やまだ" },
  { "佐々木", "ささき" }, { "山口", "やまぐち" }, { "松本", "まつもと" }, { "井上", "いのうえ" },
  { "木村", "きむら" }, { "林", "はやし" }, { "清水", "しみず" }, { "斎藤", "さいとう" },
};

static const Name japanese_given_names[] = {
  { "翔", "しょう" }, { "蓮", "れん" }, { "陽翔", "はると" }, { "大翔", "ひろと" },
  { "結衣", "ゆい" }, { "陽菜", "ひな" }, { "美咲", "みさき" }, { "さくら", "さくら" },
  { "健太", "けんた" }, { "拓也", "たくや" }, { "直樹", "なおき" }, { "恵子", "けいこ" },
  { "裕子", "ゆうこ" }, { "誠", "まこと" }, { "愛", "あい" }, { "花子", "はなこ" },
};

static const Name chinese_surnames[] = {
  { "王", "Wang" }, { "李", "Li" }, { "张", "Zhang" }, { "刘", "Liu" }, { "陈", "Chen" },
  { "杨", "Yang" }, { "黄", "Huang" }, { "赵", "Zhao" }, { "吴", "Wu" }, { "周", "Zhou" },
  { "徐", "Xu" }, { "孙", "Sun" }, { "马", "Ma" }, { "朱", "Zhu" }, { "胡", "Hu" },
  { "郭", "Guo" }, { "何", "He" }, { "林", "Lin" }, { "罗", "Luo" }, { "高", "Gao" },
};

static const Name chinese_given_names[] = {
  { "伟", "Wei" }, { "芳", "Fang" }, { "娜", "Na" }, { "敏", "Min" }, { "静", "Jing" },
  { "丽", "Li" }, { "强", "Qiang" }, { "磊", "Lei" }, { "军", "Jun" }, { "洋", "Yang" },
  { "勇", "Yong" }, { "艳", "Yan" }, { "杰", "Jie" }, { "娟", "Juan" }, { "涛", "Tao" },
  { "明", "Ming" }, { "超", "Chao" }, { "秀英", "Xiuying" }, { "华", "Hua" }, { "慧", "Hui" },
};

/* Before and after the surname. */
static const char * const japanese_company_forms[][2] = { { "", "商事" }, { "", "工業株式会社" },
                                                         { "株式会社", "製作所" }, { "", "不動産" } };
static const char * const chinese_company_words[] = { "华信", "宏达", "永安", "金城", "东方", "新世纪", "瑞丰", "恒通" };
static const char * const chinese_cities[] = { "北京", "上海", "广州", "深圳", "杭州", "成都" };
static const char * const japanese_places[] = { "東京都港区芝公園", "大阪府大阪市北区梅田", "愛知県名古屋市中区栄",
                                               "福岡県福岡市博多区博多駅前", "北海道札幌市中央区北一条" };

typedef struct {
  GRand *rand;
  guint  n;
} Maker;

#define PICK(maker, array) (&(array)[g_rand_int_range ((maker)->rand, 0, G_N_ELEMENTS (array))])

static int
digits (Maker *maker,
        int    count)
{
  int max = 1;

  while (count-- > 0)
    max *= 10;
  return g_rand_int_range (maker->rand, 0, max);
}

static void
add_phone (WccStoreCustomer *customer,
           const char       *typed)
{
  g_autofree char *normalized = wcc_phone_number_normalize (typed);

  g_assert (normalized != NULL);
  wcc_store_customer_add_phone (customer, typed, normalized);
}

/* As people type them: national forms mostly, some international, with spaces or dashes. */
static char *
japanese_phone (Maker *maker)
{
  static const char * const mobiles[] = { "090", "080", "070" };
  int kind = g_rand_int_range (maker->rand, 0, 4);

  if (kind == 0)
    return g_strdup_printf ("03-%04d-%04d", digits (maker, 4), digits (maker, 4));
  if (kind == 1)
    return g_strdup_printf ("+81 %s %04d %04d", *PICK (maker, mobiles) + 1, digits (maker, 4), digits (maker, 4));
  return g_strdup_printf ("%s-%04d-%04d", *PICK (maker, mobiles), digits (maker, 4), digits (maker, 4));
}

static char *
chinese_phone (Maker *maker)
{
  static const char * const mobiles[] = { "138", "139", "136", "150", "186" };
  int kind = g_rand_int_range (maker->rand, 0, 4);

  if (kind == 0)
    return g_strdup_printf ("021-%08d", digits (maker, 8));
  if (kind == 1)
    return g_strdup_printf ("+86 %s-%04d-%04d", *PICK (maker, mobiles), digits (maker, 4), digits (maker, 4));
  return g_strdup_printf ("%s %04d %04d", *PICK (maker, mobiles), digits (maker, 4), digits (maker, 4));
}

/* The made-up fields of the next customer (not its place). */
static void
make_customer (Maker            *maker,
               WccStoreCustomer *customer)
{
  gboolean japanese = g_rand_boolean (maker->rand);
  const Name *surname = japanese ? PICK (maker, japanese_surnames) : PICK (maker, chinese_surnames);
  const Name *given = japanese ? PICK (maker, japanese_given_names) : PICK (maker, chinese_given_names);
  g_autofree char *phone = japanese ? japanese_phone (maker) : chinese_phone (maker);
  int company_roll = g_rand_int_range (maker->rand, 0, 10);

  maker->n++;
  customer->surname = g_strdup (surname->name);
  customer->given_name = g_strdup (given->name);
  customer->surname_phonetic = g_strdup (surname->reading);
  customer->given_name_phonetic = g_strdup (given->reading);
  if (company_roll < 4 && japanese)
    {
      const char * const *form = *PICK (maker, japanese_company_forms);
      customer->company = g_strconcat (form[0], surname->name, form[1], NULL);
    }
  else if (company_roll < 4)
    customer->company = g_strdup_printf ("%s%s贸易有限公司", *PICK (maker, chinese_cities),
                                         *PICK (maker, chinese_company_words));
  else
    customer->company = g_strdup ("");
  add_phone (customer, phone);
  if (company_roll == 9)
    {
      g_autofree char *second = japanese ? japanese_phone (maker) : chinese_phone (maker);
      add_phone (customer, second);
    }
  customer->email = company_roll < 6
    ? g_strdup_printf ("customer%u@example.%s", maker->n, japanese ? "jp" : "cn") : g_strdup ("");
  customer->address = japanese
    ? g_strdup_printf ("%s%d-%d-%d", *PICK (maker, japanese_places), 1 + digits (maker, 1), 1 + digits (maker, 1),
                       1 + digits (maker, 2))
    : g_strdup_printf ("%s市%s路%d号", *PICK (maker, chinese_cities), *PICK (maker, chinese_company_words),
                       1 + digits (maker, 3));
  customer->custom_json = g_strdup ("{}");
}

/* The agents of each task (gint64 arrays, by task index), for the demo's owned customers. */
static GPtrArray *
task_agents (WccStore  *store,
             gint64     client_id,
             GPtrArray *tasks)
{
  g_autoptr(GPtrArray) members = wcc_store_group_list_members (store, client_id, 0);
  GPtrArray *agents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint t = 0; t < tasks->len; t++)
    {
      WccStoreTask *task = g_ptr_array_index (tasks, t);
      GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint m = 0; m < members->len; m++)
        {
          WccStoreGroupMember *member = g_ptr_array_index (members, m);

          for (guint g = 0; member->user_id != 0 && !member->is_leader && g < task->group_ids->len; g++)
            if (g_array_index (task->group_ids, gint64, g) == member->group_id)
              g_array_append_val (ids, member->user_id);
        }
      g_ptr_array_add (agents, ids);
    }
  return agents;
}

/* Customers per transaction of the generator. */
#define GENERATE_BATCH 10000

gboolean
wcc_demo_generate_customers (WccStore             *store,
                             gint64                client_id,
                             guint                 count,
                             gboolean              some_owned,
                             WccDemoProgressFunc   progress,
                             gpointer              user_data,
                             GError              **error)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (DEMO_SEED);
  Maker maker = { rand, 0 };
  guint step = MAX (count / 20, 1);

  g_return_val_if_fail (WCC_IS_STORE (store), FALSE);

  tasks = wcc_store_task_list (store, client_id, 0, 0, 0, 1000);
  if (tasks->len == 0)
    {
      g_autoptr(WccStoreTask) task = wcc_store_task_new ();

      task->client_id = client_id;
      task->name = g_strdup ("Generated");
      if ((task->package_id = wcc_store_package_create (store, client_id, "Generated", "[]", error)) == 0 ||
          wcc_store_task_create (store, task, error) == 0)
        return FALSE;
      g_clear_pointer (&tasks, g_ptr_array_unref);
      tasks = wcc_store_task_list (store, client_id, 0, 0, 0, 1000);
    }
  agents = task_agents (store, client_id, tasks);

  /* A transaction per batch: a million rows in a minute with a bounded WAL (one
   * transaction of them all would grow it to the size of the data). */
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(WccStoreCustomer) customer = wcc_store_customer_new ();
      WccStoreTask *task = g_ptr_array_index (tasks, i % tasks->len);
      GArray *task_agent_ids = g_ptr_array_index (agents, i % tasks->len);

      if (i % GENERATE_BATCH == 0 && ((i > 0 && !wcc_store_commit (store, error)) || !wcc_store_begin (store, error)))
        return FALSE;
      make_customer (&maker, customer);
      customer->client_id = client_id;
      customer->package_id = task->package_id;
      customer->task_id = task->id;
      if (some_owned && task_agent_ids->len > 0 && i % DEMO_OWNED_EVERY == 0)
        customer->owner_id = g_array_index (task_agent_ids, gint64, (i / DEMO_OWNED_EVERY) % task_agent_ids->len);
      if (wcc_store_customer_create (store, customer, error) == 0)
        {
          wcc_store_rollback (store);
          return FALSE;
        }
      if (progress != NULL && ((i + 1) % step == 0 || i + 1 == count))
        progress (i + 1, count, user_data);
    }
  return wcc_store_commit (store, error);
}

typedef struct {
  const char     *label;
  WccFunnelStage  funnel;
  WccCallResultState call_state;
} DemoResult;

/* Labels are data of the demo client, in the language of its names. */
static const DemoResult demo_results[] = {
  { "Order placed", WCC_FUNNEL_SUCCESS, WCC_RESULT_CALL_ANSWERED },
  { "Appointment booked", WCC_FUNNEL_SUCCESS, WCC_RESULT_CALL_ANSWERED },
  { "Not interested", WCC_FUNNEL_FAIL, WCC_RESULT_CALL_ANSWERED },
  { "Wrong number", WCC_FUNNEL_FAIL, WCC_RESULT_CALL_ANY },
  { "Call back later", WCC_FUNNEL_FOLLOW_UP, WCC_RESULT_CALL_ANSWERED },
  { "No answer", WCC_FUNNEL_FOLLOW_UP, WCC_RESULT_CALL_UNANSWERED },
  { "Busy", WCC_FUNNEL_FOLLOW_UP, WCC_RESULT_CALL_UNANSWERED },
};

static const char * const demo_tags[] = { "VIP", "New", "Complaint", "Repeat buyer" };
static const char * const demo_product_types[] = { "Tea", "Tableware", "Gift set" };

#define DEMO_PACKAGE_FIELDS \
  "[{\"name\": \"industry\", \"label\": \"Industry\", \"type\": \"choice\", \"required\": false," \
  "  \"choices\": [\"Retail\", \"Manufacturing\", \"IT\", \"Real estate\", \"Other\"]}," \
  " {\"name\": \"budget\", \"label\": \"Budget\", \"type\": \"number\", \"required\": false}," \
  " {\"name\": \"first_contact\", \"label\": \"First contact\", \"type\": \"date\", \"required\": false}]"

gboolean
wcc_demo_ensure_product_types (WccStore  *store,
                               gint64     client_id,
                               GError   **error)
{
  g_autoptr(GPtrArray) existing = NULL;

  g_return_val_if_fail (WCC_IS_STORE (store), FALSE);

  existing = wcc_store_product_type_list (store, client_id);
  if (existing->len > 0)
    return TRUE;
  if (!wcc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_product_types); i++)
    if (wcc_store_product_type_create (store, client_id, demo_product_types[i], error) == 0)
      {
        wcc_store_rollback (store);
        return FALSE;
      }
  return wcc_store_commit (store, error);
}

/* What waits for the demo's leaders when it starts, so that Approvals has something to
 * review: requests the agents made on customers they see. Made once, with the customers. */
typedef struct {
  const char  *agent;          /* employee id */
  gboolean     warning;        /* a pop-up warning, else a number request of @kind */
  WccNumberRequestKind kind;
  const char  *text;           /* the warning, or the request's reason */
} DemoApproval;

static const DemoApproval demo_approvals[] = {
  { "1001", FALSE, WCC_NUMBER_DO_NOT_CALL, "Asked twice not to be called again; wants letters only." },
  { "1002", TRUE, 0, "Disputes every invoice: put billing questions through to the team leader." },
  { "1003", FALSE, WCC_NUMBER_BLACKLIST, "Abusive on three calls this month (recordings attached to the tickets)." },
  { "1006", TRUE, 0, "Hard of hearing: speak slowly and confirm each figure twice." },
};

static gboolean
demo_add_approvals (WccStore  *store,
                    gint64     client_id,
                    GError   **error)
{
  if (!wcc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_approvals); i++)
    {
      const DemoApproval *approval = &demo_approvals[i];
      g_autoptr(WccStoreUser) agent = wcc_store_user_find_by_account (store, WCC_DEMO_CLIENT, approval->agent);
      g_autoptr(GPtrArray) customers = NULL;
      WccStoreViewer viewer = { 0 };
      WccStoreCustomer *customer;
      gint64 id;

      if (agent == NULL)
        continue;
      /* the i-th customer the agent sees, so that no two requests share one */
      viewer.user_id = agent->id;
      customers = wcc_store_customer_list_after (store, client_id, &viewer, 0, 0, 0, i + 1);
      if (customers->len == 0)
        continue;
      customer = g_ptr_array_index (customers, customers->len - 1);
      if (approval->warning)
        id = wcc_store_note_create (store, client_id, customer->id, agent->id, WCC_NOTE_WARNING,
                                    approval->text, error);
      else if (customer->phones->len > 0)
        {
          WccStoreCustomerPhone *phone = g_ptr_array_index (customer->phones, 0);

          id = wcc_store_number_request_create (store, client_id, customer->id, agent->id, approval->kind,
                                                phone->normalized, approval->text, error);
        }
      else
        continue;
      if (id == 0)
        {
          wcc_store_rollback (store);
          return FALSE;
        }
    }
  return wcc_store_commit (store, error);
}

gboolean
wcc_demo_ensure_customers (WccStore  *store,
                           gint64     client_id,
                           GError   **error)
{
  g_autoptr(GPtrArray) packages = wcc_store_package_list (store, client_id, 0, 1);
  gint64 package_id, sales, service;
  g_autoptr(WccStoreTask) spring = wcc_store_task_new ();
  g_autoptr(WccStoreTask) renewals = wcc_store_task_new ();

  g_return_val_if_fail (WCC_IS_STORE (store), FALSE);

  /* Set-up data added after the first demo databases were made: ensured on its own, so
   * that a database made before it gets it too. */
  if (!wcc_demo_ensure_ticket_choices (store, client_id, error) ||
      !wcc_demo_ensure_product_types (store, client_id, error))
    return FALSE;
  if (packages->len > 0)
    return TRUE;
  if (!wcc_store_begin (store, error))
    return FALSE;
  if ((package_id = wcc_store_package_create (store, client_id, "Leads 2026", DEMO_PACKAGE_FIELDS, error)) == 0)
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (demo_results); i++)
    {
      WccStoreCallResult result = { .client_id = client_id, .label = (char *) demo_results[i].label,
                                    .funnel = demo_results[i].funnel, .call_state = demo_results[i].call_state,
                                    .position = (int) i };
      gint64 id = wcc_store_call_result_create (store, &result, error);

      if (id == 0)
        goto fail;
      g_array_append_val (spring->call_result_ids, id);
      g_array_append_val (renewals->call_result_ids, id);
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_tags); i++)
    if (wcc_store_tag_create (store, client_id, demo_tags[i], error) == 0)
      goto fail;
  sales = wcc_store_group_find (store, client_id, "Sales");
  service = wcc_store_group_find (store, client_id, "Service");
  spring->client_id = renewals->client_id = client_id;
  spring->package_id = renewals->package_id = package_id;
  spring->name = g_strdup ("Spring campaign");
  spring->after_call_work = 30;
  renewals->name = g_strdup ("Renewals");
  renewals->history_manual = TRUE;
  if (sales != 0)
    g_array_append_val (spring->group_ids, sales);
  if (service != 0)
    g_array_append_val (renewals->group_ids, service);
  if (wcc_store_task_create (store, spring, error) == 0 || wcc_store_task_create (store, renewals, error) == 0)
    goto fail;
  if (!wcc_store_commit (store, error))
    return FALSE;
  return wcc_demo_generate_customers (store, client_id, WCC_DEMO_CUSTOMERS, TRUE, NULL, NULL, error) &&
         demo_add_approvals (store, client_id, error);

fail:
  wcc_store_rollback (store);
  return FALSE;
}
