package dev.ladder.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Escaping and number formatting of the report page. */
class HtmlTest {

    @Test
    void escapesTheFiveHtmlSpecialCharacters() {
        assertThat(Html.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
        assertThat(Html.text("td", "<i>")).isEqualTo("<td>&lt;i&gt;</td>\n");
        assertThat(Html.table(List.of("x<y"), List.of(List.of("1")))).contains("<th>x&lt;y</th>")
                .contains("<td>1</td>");
    }

    @Test
    void writesLargeAndSmallNumbersAsPowersOfTen() {
        assertThat(Html.number(1.6e14)).isEqualTo("1.60&times;10<sup>14</sup>");
        assertThat(Html.number(9.996e5)).isEqualTo("1.00&times;10<sup>6</sup>");
        assertThat(Html.number(-2e-3)).isEqualTo("&minus;2.00&times;10<sup>&minus;3</sup>");
        assertThat(Html.number(2.3456)).isEqualTo("2.346");
        assertThat(Html.number(1084.2)).isEqualTo("1084");
        assertThat(Html.number(Double.NaN)).isEqualTo("&ndash;");
        assertThat(Html.interval(new double[] {1, 2})).isEqualTo("[1.000, 2.000]");
    }
}
