/**
 * What the notebooks (notebooks/ in the repository, docs in notebooks/README.md) need beyond the
 * pipeline's own classes: a session set up as the command line sets it up, and output that Jupyter
 * shows inline and keeps in the saved notebook without running any script (HTML tables, charts drawn
 * by JFreeChart as PNG images).
 * The notebooks call the stages, trainers and evaluators themselves; nothing here computes a result.
 */
package io.flashguard.jobs.notebook;
