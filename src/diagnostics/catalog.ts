// Importing this registers every rule of every stage, for reporters and `ajar rules`-style listings.
import '../source/rules.js';
import '../load/rules.js';
import '../config/rules.js';
import '../cli/rules.js';
import '../render/rules.js';
import '../package/rules.js';
import '../verify/rules.js';
import '../questions/rules.js';
import '../media/rules.js';
import '../publish/rules.js';
import '../preview/rules.js';
