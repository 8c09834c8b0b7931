/** The media type of a Word document (DOCX), for every download the service offers as one. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
