// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLocaleStore } from '../../i18n';
import { readableTextOn, WidgetPreview, type PreviewLook } from './widget-preview';

const look: PreviewLook = {
  name: 'Acme',
  color: '#e11d48',
  position: 'left',
  launcherText: 'Chat with us',
  greeting: 'Hi there!',
  logoUrl: null,
  locale: 'zh-CN',
};

afterEach(cleanup);

describe('WidgetPreview', () => {
  it('draws the launcher and header in the site colour, position, greeting and language', () => {
    useLocaleStore.setState({ locale: 'en' });
    const { container } = render(<WidgetPreview look={look} />);
    const page = container.querySelector<HTMLElement>('.widget-preview__page');
    expect(page?.className).toContain('widget-preview__page--left');
    expect(page?.style.getPropertyValue('--wc')).toBe('#e11d48');
    expect(page?.style.getPropertyValue('--wt')).toBe('#ffffff');
    expect(screen.getByTestId('preview-greeting').textContent).toBe('Hi there!');
    expect(screen.getByText('Chat with us')).toBeTruthy();
    expect(screen.getByText('我们通常会在几分钟内回复')).toBeTruthy();
  });

  it('picks dark text on a light colour, like the widget', () => {
    expect(readableTextOn('#ffd400')).toBe('#111827');
    expect(readableTextOn('#1e3a8a')).toBe('#ffffff');
  });
});
