package dev.ladder.analysis.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tick values and labels of the log axes. */
class LogScaleAxisTest {

    @Test
    void withinAFactorTenTicksStepEvenlyAtARoundValue() {
        assertThat(LogScaleAxis.values(1.9, 2.7)).containsExactly(2.0, 2.2, 2.4, 2.6);
        assertThat(LogScaleAxis.values(1.93, 2.05)).containsExactly(1.94, 1.96, 1.98, 2.0, 2.02, 2.04);
        assertThat(LogScaleAxis.values(1.05, 5.5)).containsExactly(2.0, 3.0, 4.0, 5.0);
    }

    @Test
    void acrossDecadesTicksSitAtOneTwoFiveOrPowersOfTen() {
        assertThat(LogScaleAxis.values(8e12, 2e14)).containsExactly(1e13, 2e13, 5e13, 1e14, 2e14);
        List<Double> wide = LogScaleAxis.values(3e3, 2e9);
        assertThat(wide).containsExactly(1e4, 1e5, 1e6, 1e7, 1e8, 1e9);
    }

    @Test
    void numbersReadAsPlainDecimalsOrPowersOfTen() {
        assertThat(ChartStyle.number(2.5)).isEqualTo("2.5");
        assertThat(ChartStyle.number(1.1)).isEqualTo("1.1");
        assertThat(ChartStyle.number(300)).isEqualTo("300");
        assertThat(ChartStyle.number(1e13)).isEqualTo("10\u00b9\u00b3");
        assertThat(ChartStyle.number(2e5)).isEqualTo("2\u00d710\u2075");
        assertThat(ChartStyle.number(39_200)).isEqualTo("3.92\u00d710\u2074");
        assertThat(ChartStyle.number(9.999e6)).isEqualTo("10\u2077");
        assertThat(ChartStyle.number(1e-3)).isEqualTo("10\u207b\u00b3");
    }
}
