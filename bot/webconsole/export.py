"""The filtered enquiries as a spreadsheet: CSV (UTF-8 with a byte order mark, so that
Excel reads Georgian and Cyrillic letters right) or XLSX (openpyxl). The columns are those
of ``carebot enquiries export`` (bot/exports.py) plus the stage and the follow-up date."""

from __future__ import annotations

import csv
import io

from aiohttp import web
from openpyxl import Workbook

from bot.exports import BOM, FIXED, enquiry_rows
from bot.webconsole.enquiries import allowed, matching, stage_names, wanted
from bot.webconsole.keys import RUNTIME, STAFF_LOCALE
from bot.webconsole.render import gettext
from storage import audit

# A cell that starts like a formula is shown as text, never run by the spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


async def table(request: web.Request) -> list[list[str]]:
    runtime = request.app[RUNTIME]
    found = await matching(request, wanted(request, request.query))
    columns, rows = enquiry_rows([t.enquiry for t in found], runtime.profile, runtime.renderer)
    staff = request.app[STAFF_LOCALE]
    names = stage_names(request)
    header = [runtime.renderer.text(text, staff) for _key, text in FIXED]
    header += [gettext(request, "Stage"), gettext(request, "Follow up on")]
    header += [c.header for c in columns]
    lines = [header]
    for tracked, row in zip(found, rows, strict=True):
        line = [row[key] for key, _text in FIXED]
        line += [names[tracked.stage],
                 tracked.follow_up_on.isoformat() if tracked.follow_up_on else ""]
        line += [row[c.key] for c in columns]
        lines.append([_cell(value) for value in line])
    return lines


async def export(request: web.Request) -> web.Response:
    signed = allowed(request)
    fmt = request.match_info.get("fmt", "")
    lines = await table(request)
    runtime = request.app[RUNTIME]
    async with runtime.db.transaction() as conn:
        await audit.record(conn, staff_id=signed.member.telegram_user_id,
                           action="console_export", detail=f"{fmt}:{len(lines) - 1}",
                           now=runtime.engine.clock())
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "enquiries"
        for line in lines:
            sheet.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        body = buffer.getvalue()
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        out = io.StringIO()
        out.write(BOM)
        csv.writer(out).writerows(lines)
        body = out.getvalue().encode("utf-8")
        kind = "text/csv; charset=utf-8"
    return web.Response(body=body, headers={
        "Content-Type": kind, "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="enquiries.{fmt}"'})
