import { useEffect, useRef, type KeyboardEvent } from 'react';

/*
 * The emoji picker, a chunk of its own that loads the first time the visitor opens it (the list is
 * most of its weight). Native emoji only: no image sprites to download.
 */
const EMOJI = [
  '😀😃😄😁😆😅😂🤣🙂🙃😉😊😇🥰😍🤩😘😗😚😙😋😛😜🤪😝🤑🤗🤭🤫🤔🤐🤨😐😑😶😏😒🙄😬🤥😌😔😪🤤😴😷🤒🤕🤢🤮🥵🥶🥴😵🤯🤠🥳😎🤓🧐😕😟🙁😮😯😲😳🥺😦😧😨😰😥😢😭😱😖😣😞😓😩😫🥱😤😡😠🤬',
  '👍👎👌✌🤞🤟🤘🤙👈👉👆👇☝✋🤚🖐🖖👋👏🙌👐🤲🤝🙏💪👀🧠',
  '❤🧡💛💚💙💜🖤🤍🤎💔❣💕💞💓💗💖💘💝💯💢💥💫💦💨🔥✨⭐🌟🎉🎊🎁🎈',
  '✅❌❓❗⚠🚀📦📮📧📞💬💡🔒🔑🛒💳💰📅⏰☕🍕🍰🌈☀🌧❄',
];

interface EmojiPickerProps {
  label: string;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

export default function EmojiPicker({ label, onPick, onClose }: EmojiPickerProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
  }, []);

  // Arrow keys move through the grid (8 per row); Escape closes the picker, not the panel.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = Array.from(ref.current?.querySelectorAll('button') ?? []);
    const index = buttons.findIndex((b) => b === document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 8, ArrowUp: -8 }[event.key];
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (step !== undefined && index >= 0) {
      event.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, index + step))]?.focus();
    }
  };

  return (
    <div className="emoji-picker" role="group" aria-label={label} ref={ref} onKeyDown={onKeyDown}>
      {EMOJI.flatMap((group) => Array.from(group)).map((emoji, i) => (
        <button type="button" key={emoji} tabIndex={i === 0 ? 0 : -1} onClick={() => onPick(emoji)}>
          {emoji}
        </button>
      ))}
    </div>
  );
}
