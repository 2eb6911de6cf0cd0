// A table on a wide screen; below 576 px the same columns as one card per row (the first
// column is the card's title, with the row's checkbox when rows can be selected), so nothing
// scrolls sideways on a phone and batch actions work there too.
import { Card, Checkbox, Flex, Grid, Pagination, Space, Table, Typography } from "antd";
import type { ColumnType, TablePaginationConfig } from "antd/es/table";
import { useEffect, useRef, type Key, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type Column<T> = {
  key: string;
  title: ReactNode;
  render: (row: T, index: number) => ReactNode;
  /** Kept visible when the table scrolls sideways. */
  fixed?: boolean;
  width?: number;
  /** Shown on cards too (default true). */
  onCard?: boolean;
};

type Props<T> = {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  label: string;
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void };
  selection?: { selected: Key[]; onChange: (keys: Key[]) => void; disabled?: (row: T) => boolean };
  cardExtra?: (row: T) => ReactNode;
  rowProps?: (row: T) => Record<string, string>;
};

export function ResponsiveTable<T extends object>({ rows, columns, rowKey, label, pagination, selection, cardExtra, rowProps }: Props<T>) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = screens.sm === false;
  const frame = useRef<HTMLDivElement>(null);
  // A table that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): antd's scroll
  // container gets a tab stop and the table's name.
  useEffect(() => {
    frame.current?.querySelectorAll<HTMLElement>(".ant-table-content").forEach((el) => {
      el.tabIndex = 0;
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", label);
    });
  });
  if (narrow) {
    const [head, ...rest] = columns;
    return (
      <Flex vertical gap={12}>
        <Flex vertical gap={12} role="list" aria-label={label}>
          {rows.map((row, i) => {
            const key = rowKey(row);
            const title = selection ? (
              <Space size={8}>
                <Checkbox
                  aria-label={t("table.selectRow")}
                  checked={selection.selected.includes(key)}
                  disabled={selection.disabled?.(row) ?? false}
                  onChange={(e) => selection.onChange(e.target.checked ? [...selection.selected, key] : selection.selected.filter((k) => k !== key))}
                />
                {head.render(row, i)}
              </Space>
            ) : head.render(row, i);
            return (
            <Card key={key} size="small" role="listitem" title={title} extra={cardExtra?.(row)} {...rowProps?.(row)}>
              <dl className="card-facts">
                {rest
                  .filter((c) => c.onCard !== false)
                  .map((c) => (
                    <div key={c.key}>
                      <dt>
                        <Typography.Text type="secondary">{c.title}</Typography.Text>
                      </dt>
                      <dd>{c.render(row, i)}</dd>
                    </div>
                  ))}
              </dl>
            </Card>
            );
          })}
        </Flex>
        {pagination && pagination.total > pagination.pageSize && (
          <Pagination simple align="center" {...pagination} />
        )}
      </Flex>
    );
  }
  const antColumns: ColumnType<T>[] = columns.map((c) => ({
    key: c.key,
    title: c.title,
    fixed: c.fixed ? "left" : undefined,
    width: c.width,
    render: (_: unknown, row: T, index: number) => c.render(row, index),
  }));
  const paging: TablePaginationConfig | false = pagination
    ? { ...pagination, showSizeChanger: false, hideOnSinglePage: true }
    : false;
  return (
    <div ref={frame}>
      <Table<T>
        aria-label={label}
        size="middle"
        columns={antColumns}
        dataSource={rows as T[]}
        rowKey={rowKey}
        pagination={paging}
        scroll={{ x: "max-content" }}
        onRow={rowProps ? (row) => rowProps(row) : undefined}
        rowSelection={
          selection
            ? {
                selectedRowKeys: selection.selected,
                onChange: (keys) => selection.onChange(keys),
                getCheckboxProps: (row) => ({ disabled: selection.disabled?.(row) ?? false }),
              }
            : undefined
        }
      />
    </div>
  );
}
