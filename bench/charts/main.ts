import { mount } from 'svelte';
import '../../src-renderer/src/app.css';
import Harness from './Harness.svelte';

// The app's ThemeState sets data-theme; here the page follows the browser's colour scheme (what the screenshot tool switches).
document.documentElement.setAttribute('data-theme', matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(Harness, { target });
