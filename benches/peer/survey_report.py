"""The peer for `cargo bench --bench workbook`: what a product-ops lead
would write by hand with pandas and XlsxWriter to get the same report from
the same survey export. NPS (promoters 9-10 minus detractors 0-6, in points)
and CSAT (share of 4-5 answers on 1-5) per product line and quarter, with
the number of responses; a Summary sheet ranking the lines on the latest
quarter, and one sheet per line with its quarters, a trend chart of each
KPI and a link back to the Summary.

Usage: python3 survey_report.py RESPONSES.csv OUT.xlsx
"""

import sys

import pandas as pd


def main(source, target):
    responses = pd.read_csv(source, parse_dates=["Submitted At"])
    responses["Quarter"] = responses["Submitted At"].dt.to_period("Q").astype(str)
    responses["promoter"] = responses["Recommend"] >= 9
    responses["detractor"] = responses["Recommend"] <= 6
    responses["satisfied"] = responses["Satisfaction"] >= 4
    grouped = responses.groupby(["Product", "Quarter"])
    table = pd.DataFrame(
        {
            "Responses": grouped.size(),
            "NPS": (grouped["promoter"].mean() - grouped["detractor"].mean()) * 100,
            "CSAT": grouped["satisfied"].mean(),
        }
    ).reset_index()

    latest = table["Quarter"].max()
    summary = (
        table[table["Quarter"] == latest]
        .sort_values("NPS")
        .reset_index(drop=True)[["Product", "Responses", "NPS", "CSAT"]]
    )

    with pd.ExcelWriter(target, engine="xlsxwriter") as writer:
        book = writer.book
        points = book.add_format({"num_format": "0.0"})
        share = book.add_format({"num_format": "0.0%"})
        summary.to_excel(writer, sheet_name="Summary", index=False, startrow=1)
        sheet = writer.sheets["Summary"]
        sheet.write(0, 0, f"Portfolio, {latest}")
        sheet.set_column(0, 0, 28)
        sheet.set_column(2, 2, 10, points)
        sheet.set_column(3, 3, 10, share)
        for number, (line, rows) in enumerate(table.groupby("Product", sort=True)):
            name = f"L{number + 1:03} {line}"[:31]
            rows = rows.drop(columns="Product").reset_index(drop=True)
            rows.to_excel(writer, sheet_name=name, index=False, startrow=2)
            page = writer.sheets[name]
            page.write(0, 0, line)
            page.write_url(1, 0, "internal:'Summary'!A1", string="Back to Summary")
            page.set_column(0, 0, 12)
            page.set_column(2, 2, 10, points)
            page.set_column(3, 3, 10, share)
            last = len(rows) + 2
            for column, title, row in (("C", "NPS", 2), ("D", "CSAT", 18)):
                chart = book.add_chart({"type": "line"})
                chart.add_series(
                    {
                        "name": title,
                        "categories": f"='{name}'!$A$4:$A${last + 1}",
                        "values": f"='{name}'!${column}$4:${column}${last + 1}",
                    }
                )
                chart.set_title({"name": f"{title} by quarter"})
                chart.set_legend({"none": True})
                page.insert_chart(row, 5, chart)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
