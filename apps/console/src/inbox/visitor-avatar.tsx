import type { VisitorBrief } from '@livechat/protocol';

/** A soft colour picked from the visitor id, so the same visitor keeps the same colour everywhere. */
function hue(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

export function VisitorAvatar({
  visitor,
  name,
  size = 'medium',
}: {
  visitor: VisitorBrief;
  name: string;
  size?: 'medium' | 'large';
}) {
  const initial = visitor.name ? name.slice(0, 1).toUpperCase() : '?';
  return (
    <span
      className={`avatar avatar--${size}`}
      style={{ background: `hsl(${hue(visitor.id)} 70% 92%)`, color: `hsl(${hue(visitor.id)} 45% 32%)` }}
      aria-hidden="true"
    >
      {initial}
    </span>
  );
}
