// Entry of widget.js (built as an IIFE with no exports, so `window.LiveChat` is its only global).
import { startLoader } from './loader';

startLoader(window);
