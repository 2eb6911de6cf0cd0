import { Section } from "../components";
import { ROLE, UNIT_KIND, label } from "../labels";
import { useMe } from "../me";

export function Home() {
  const me = useMe();
  return (
    <>
      <h1>你好，{me.displayName || me.username}</h1>
      <Section title="我的信息">
        <dl className="facts">
          <dt>用户名</dt>
          <dd>{me.username}</dd>
          <dt>所属单位（租户）</dt>
          <dd>{me.tenant}</dd>
          {me.isSuperuser && (
            <>
              <dt>权限</dt>
              <dd>超级管理员</dd>
            </>
          )}
        </dl>
      </Section>
      <Section title="我的角色与组织">
        {me.roles.length === 0 ? (
          <p className="muted">尚未分配角色。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>角色</th>
                <th>组织</th>
                <th>类型</th>
              </tr>
            </thead>
            <tbody>
              {me.roles.map((r) => (
                <tr key={r.role + r.unit.id}>
                  <td>{label(ROLE, r.role)}</td>
                  <td>{r.unit.name}</td>
                  <td>{label(UNIT_KIND, r.unit.kind)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
