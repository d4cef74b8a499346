"""HTML to PDF in one place (the PIP beschikking, the inzage export, the benchmark report)."""

import logging

logger = logging.getLogger(__name__)


def html_naar_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1 (readable by screen readers), or a plain PDF if WeasyPrint refuses the variant."""
    from weasyprint import HTML

    document = HTML(string=html)
    try:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception:  # noqa: BLE001 - any failure of the variant falls back to a plain PDF
        logger.warning("PDF/UA-1 lukte niet; gewone PDF gemaakt", exc_info=True)
        return document.write_pdf()
