import { Locale } from '@app/kernel';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { nl } from './nl';
import { pl } from './pl';
import { SampleTexts } from './sample-texts';

export type { SampleTexts } from './sample-texts';
export const SAMPLE_TEXTS: Record<Locale, SampleTexts> = { en, pl, nl, fr, es, de };
