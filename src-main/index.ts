// Placeholder until the Electron shell lands (same issue).
import { app } from 'electron';
void app;
