package com.containermanager.file;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.web.ApiError;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.ParameterParser;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "files", description = "The caller's own files, which containers can receive when they are created")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@RestController
class FileController {

    static final String FIELD = "file";
    // Room for the multipart framing and a few small fields around the file itself.
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final int MAX_PART_HEADERS = 8 * 1024;

    private final UserFiles files;
    private final long maxUploadBytes;

    FileController(UserFiles files, StorageSettings settings) {
        this.files = files;
        this.maxUploadBytes = settings.maxUploadSize().toBytes();
    }

    @Operation(
            summary = "Upload a file",
            description = "multipart/form-data with the field \"file\". Stored under the last segment of the "
                    + "client's file name; the same name again replaces the file. Streamed to disk and stored "
                    + "atomically: a failed upload leaves nothing behind.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = UploadForm.class)))
    @ApiResponse(responseCode = "200", description = "Stored")
    @ApiResponse(responseCode = "400", description = "Invalid file name, no file field, or a broken upload")
    @ApiResponse(responseCode = "403", description = "limit reached: files (a new file over the caller's file limit)")
    @ApiResponse(responseCode = "413", description = "Larger than the upload limit, or over the caller's quota")
    @ApiResponse(
            responseCode = "507",
            description = "insufficient storage: the server's storage is below its floor of free space")
    @PostMapping(path = "/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    FileResponse upload(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request) {
        // Refuse what is too large by its own account before reading it; a body without a length is counted.
        if (request.getContentLengthLong() > maxUploadBytes + MULTIPART_OVERHEAD) {
            throw new UploadTooLargeException(maxUploadBytes);
        }
        var upload = new JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory>();
        upload.setMaxSize(maxUploadBytes + MULTIPART_OVERHEAD);
        upload.setMaxPartHeaderSize(MAX_PART_HEADERS);
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        try {
            FileItemInputIterator parts = upload.getItemIterator(request);
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (FIELD.equals(part.getFieldName())) {
                    return files.store(
                            user.id(),
                            clientFileName(part),
                            new ClientStream(part.getInputStream()),
                            mostTheFileCanBe(request, part));
                }
            }
        } catch (IOException e) {
            throw clientFailure(e);
        }
        throw new BadRequestException("multipart field \"" + FIELD + "\" is required");
    }

    /**
     * The most bytes the file can hold, by the request's own account: its length less what surely surrounds the file
     * (the opening and closing boundary, and the part's headers, counted short), so that it is never below the real
     * size and, for a request that holds just the file, only a few bytes above. Negative when the length is unknown.
     */
    private static long mostTheFileCanBe(HttpServletRequest request, FileItemInput part) {
        long length = request.getContentLengthLong();
        if (length < 0) {
            return -1;
        }
        String boundary =
                new ParameterParser().parse(request.getContentType(), ';').get("boundary");
        long framing = boundary == null ? 0 : 2L * boundary.length() + 8; // "--b\r\n" ... "\r\n--b--"
        var headers = part.getHeaders();
        for (var names = headers.getHeaderNames(); names.hasNext(); ) {
            String name = names.next();
            for (var values = headers.getHeaders(name); values.hasNext(); ) {
                framing += name.length() + 1 + values.next().length() + 2; // "name:value\r\n", spaces not counted
            }
        }
        return Math.max(0, length - framing - 2); // the blank line after the headers
    }

    @Operation(summary = "The caller's files, by name")
    @ApiResponse(responseCode = "200", description = "The files, by name")
    @GetMapping("/files")
    ResponseEntity<List<FileResponse>> list(
            @AuthenticationPrincipal AuthenticatedUser user, @ParameterObject @Valid PageRequest page) {
        return PagedResponse.of(files.list(user.id(), page.size(), page.cursor()), "/files", page);
    }

    @Operation(
            summary = "Download one of the caller's files",
            description = "The bytes as an attachment; a Range header gets 206 with that part")
    @ApiResponse(
            responseCode = "200",
            description = "The file",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested range", content = @Content)
    @ApiResponse(responseCode = "416", description = "range not satisfiable: the range lies outside the file")
    @ApiResponse(responseCode = "400", description = "Invalid file name")
    @ApiResponse(responseCode = "404", description = "file not found")
    @GetMapping("/files/{name}")
    ResponseEntity<Resource> download(
            @AuthenticationPrincipal AuthenticatedUser user,
            @Parameter(description = "File name") @PathVariable String name,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range) {
        StoredFileResource file = files.download(user.id(), name);
        requireSatisfiable(range, file);
        // Always a download, never rendered: an uploaded HTML page must not run as this origin.
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(name, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(file);
    }

    /**
     * Spring would answer an unsatisfiable range with 416 and the whole file as its body; the contract's answer is
     * 416 with Content-Range: bytes * /size and the error body.
     */
    private static void requireSatisfiable(@Nullable String range, StoredFileResource file) {
        if (range == null) {
            return;
        }
        try {
            HttpRange.toResourceRegions(HttpRange.parseRanges(range), file);
        } catch (IllegalArgumentException e) {
            throw new RangeNotSatisfiableException(sizeOf(file));
        }
    }

    private static long sizeOf(StoredFileResource file) {
        try {
            return file.contentLength();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ApiError> rangeNotSatisfiable(RangeNotSatisfiableException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size())
                .body(new ApiError(e.getMessage(), e.code()));
    }

    @Operation(summary = "Delete one of the caller's files")
    @ApiResponse(responseCode = "200", description = "Deleted", content = @Content)
    @ApiResponse(responseCode = "400", description = "Invalid file name")
    @ApiResponse(responseCode = "404", description = "file not found")
    @DeleteMapping("/files/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String name) {
        files.delete(user.id(), name);
        return ResponseEntity.ok().build();
    }

    /**
     * The file name exactly as sent. FileUpload's own getName() trims it, which would quietly turn "x\n" into "x",
     * and the name rules must see what the client sent.
     */
    private static String clientFileName(FileItemInput part) {
        String disposition = part.getHeaders().getHeader("Content-Disposition");
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        var parameters = parser.parse(disposition, ';');
        return parameters.containsKey("filename") && parameters.get("filename") == null
                ? ""
                : parameters.get("filename");
    }

    private RuntimeException clientFailure(IOException e) {
        if (e instanceof FileUploadSizeException) {
            return new UploadTooLargeException(maxUploadBytes);
        }
        // FileUpload's own complaints and the connection's (the client went away) alike.
        return new BadRequestException("malformed or incomplete multipart body");
    }

    /** The upload as the client sends it: a failure while reading it is the client's (too large, cut off, garbled). */
    private final class ClientStream extends FilterInputStream {

        ClientStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw clientFailure(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw clientFailure(e);
            }
        }
    }

    /** How Swagger UI shows the form: one file field. */
    record UploadForm(
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
            String file) {}
}
