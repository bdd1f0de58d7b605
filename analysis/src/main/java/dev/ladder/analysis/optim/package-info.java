/** A small L-BFGS minimiser with a strong-Wolfe line search, for smooth objectives with analytic gradients. */
package dev.ladder.analysis.optim;
