// Importing this registers every rule of every stage, for reporters and `ajar rules`-style listings.
import '../load/rules.js';
