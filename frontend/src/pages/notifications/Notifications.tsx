// The inbox: what happened that concerns you, newest first, each linking to its page.
import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Card, Flex, List, Segmented, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { graphql } from "../../graphql";
import { formatDateTime } from "../../lib/format";

export const NotificationsDocument = graphql(`
  query Notifications($unread: Boolean, $first: Int) {
    unreadNotificationCount
    notifications(unread: $unread, first: $first) {
      totalCount
      edges {
        node {
          id
          kind
          title
          body
          link
          createdAt
          read
        }
      }
    }
  }
`);

export const UnreadCountDocument = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

export const NotificationsMarkReadDocument = graphql(`
  mutation NotificationsMarkRead($ids: [ID!]) {
    notificationsMarkRead(ids: $ids) {
      marked
      unreadCount
      errors {
        code
        message
      }
    }
  }
`);

const POLL_MS = 60_000;
// The count is a bare Int: naming the type lets a mark-read (additionalTypenames) refresh it.
const COUNT_CONTEXT = { additionalTypenames: ["Notification"] };

/** The bell in the header: the unread count, refreshed every minute and after reading. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: UnreadCountDocument, requestPolicy: "cache-and-network", context: COUNT_CONTEXT });
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearInterval(timer);
  }, [refetch]);
  const count = data?.unreadNotificationCount ?? 0;
  return (
    <Link to="/notifications" aria-label={t("notifications.bell", { count })} className="topbar-bell">
      <Badge count={count} size="small" offset={[2, -2]}>
        <BellOutlined />
      </Badge>
    </Link>
  );
}

export function Notifications() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [only, setOnly] = useState<"all" | "unread">("all");
  const [{ data, fetching, error }, refetch] = useQuery({
    query: NotificationsDocument,
    variables: { unread: only === "unread", first: 100 },
    requestPolicy: "cache-and-network",
  });
  const [, markRead] = useMutation(NotificationsMarkReadDocument);
  const rows = data?.notifications?.edges.map((e) => e!.node!) ?? [];
  const open = async (id: string, link: string, read: boolean) => {
    if (!read) await markRead({ ids: [id] }, { additionalTypenames: ["Notification"] });
    if (link) navigate(link);
  };
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1}>{t("notifications.title")}</Typography.Title>
      <Flex gap={12} align="center" wrap>
        <Segmented
          value={only}
          onChange={(v) => setOnly(v as "all" | "unread")}
          options={[
            { value: "all", label: t("notifications.all") },
            { value: "unread", label: t("notifications.unread", { count: data?.unreadNotificationCount ?? 0 }) },
          ]}
        />
        <Button
          disabled={!data?.unreadNotificationCount}
          onClick={async () => {
            await markRead({}, { additionalTypenames: ["Notification"] });
            refetch({ requestPolicy: "network-only" });
          }}
        >
          {t("notifications.markAll")}
        </Button>
      </Flex>
      <QueryState fetching={fetching} error={error} hasData={!!data} empty={!rows.length} emptyText={t("notifications.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <Card size="small">
          <List
            dataSource={rows}
            renderItem={(n) => (
              <List.Item
                key={n.id}
                actions={n.link ? [<Button type="link" key="open" onClick={() => open(n.id, n.link, n.read)}>{t("notifications.open")}</Button>] : []}
              >
                <List.Item.Meta
                  title={
                    <Flex gap={8} align="center" wrap>
                      {!n.read && <Tag color="red">{t("notifications.new")}</Tag>}
                      <span>{n.title}</span>
                    </Flex>
                  }
                  description={
                    <>
                      {n.body && <div>{n.body}</div>}
                      <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </QueryState>
    </Flex>
  );
}
